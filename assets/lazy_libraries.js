/* Component libraries fetched the first time one of their components is drawn (tocmap/ui/delivery.py).
 *
 * The page names them in window.tocmapOnDemand ({namespace: {url, components}}). Until the real bundle
 * has arrived, each component is a stand-in that says "Loading…"; the bundle is fetched once, then
 * the stand-ins draw the real components with the same properties (and the page uses those from then on).
 */
(function () {
  "use strict";
  /* This script's texts in the reader's language (window.tocmapSays: tocmap/ui/language.py). */
  var _ = window.tocmapSays || function (text) { return text; };
  var wanted = window.tocmapOnDemand || {};
  var fetching = {};

  function fetchOnce(namespace) {
    if (!fetching[namespace]) {
      fetching[namespace] = new Promise(function (resolve, reject) {
        var script = document.createElement("script");
        script.src = wanted[namespace].url;
        script.onload = function () { resolve(window[namespace]); };  // the real library from now on
        script.onerror = reject;
        document.head.appendChild(script);
      });
    }
    return fetching[namespace];
  }

  /* What a library needs once its first component is drawn through a stand-in: ag-grid measures rows
   * that grow to fit their text before their cell renderers (fetched after the grid) have drawn, so
   * it measures them again. */
  var AFTER_DRAW = {
    dash_ag_grid: function (real, props) {
      if (!props.id || !real.getApiAsync) { return; }
      real.getApiAsync(props.id).then(function (api) {
        [300, 1500].forEach(function (ms) { setTimeout(function () { if (!api.isDestroyed()) { api.resetRowHeights(); } }, ms); });
      });
    },
  };

  function standIn(namespace, name) {
    function OnDemand(props) {
      var React = window.React;
      var loaded = React.useState(null);
      React.useEffect(function () {
        var alive = true;
        fetchOnce(namespace).then(function (real) {
          if (!alive) { return; }
          loaded[1](function () { return real[name]; });
          if (AFTER_DRAW[namespace]) { AFTER_DRAW[namespace](real, props); }
        });
        return function () { alive = false; };
      }, []);
      if (!loaded[0]) { return React.createElement("div", {className: "tm-loading", role: "status"}, _("Loading…")); }
      return React.createElement(loaded[0], props);
    }
    OnDemand.displayName = name;
    return OnDemand;
  }

  Object.keys(wanted).forEach(function (namespace) {
    var stands = {};
    wanted[namespace].components.forEach(function (name) { stands[name] = standIn(namespace, name); });
    window[namespace] = stands;
  });
})();
