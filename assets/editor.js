/* tocmap map editor: the browser side of the canvas.
 *
 * - Positions: when someone drops dragged elements, their new positions go to the
 *   store "canvas-moved" (one small request), never the whole element list.
 * - Deltas: after an edit the server sends only what changed ("canvas-delta");
 *   applyDelta patches the cytoscape graph in place.
 */
(function () {
  "use strict";
  var DROP_DEBOUNCE_MS = 200;
  var pending = {};
  var timer = null;
  var sequence = 0;

  function round(value) { return Math.round(value * 10) / 10; }

  function sendMoves() {
    timer = null;
    var positions = pending;
    pending = {};
    sequence += 1;
    window.dash_clientside.set_props("canvas-moved", {data: {positions: positions, seq: sequence}});
  }

  function hook(cy) {
    if (cy._tocmapHooked) { return; }
    cy._tocmapHooked = true;
    // The page around the canvas can reflow (someone joins, a panel grows) and move the canvas
    // without resizing the window; cytoscape caches where its container is, so refresh that
    // whenever the pointer comes in, or clicks would land beside the element under the pointer.
    cy.container().addEventListener("mouseenter", function () { cy.resize(); });
    selectFromAddress(cy);
    cy.on("grab", "node", function (event) {
      var p = event.target.position();
      event.target.scratch("_tocmapGrab", [round(p.x), round(p.y)]);
    });
    cy.on("dragfree", "node", function (event) {
      var node = event.target;
      var p = node.position();
      var grabbed = node.scratch("_tocmapGrab") || [];
      if (grabbed[0] === round(p.x) && grabbed[1] === round(p.y)) { return; }  // picked up, put back
      pending[node.id()] = [round(p.x), round(p.y)];
      if (timer) { clearTimeout(timer); }
      timer = setTimeout(sendMoves, DROP_DEBOUNCE_MS);
    });
  }

  /* /maps/ID?select=EID opens the map with that element or link selected and centred
   * (links from health check actions, SWOT cards and learning entries lead there);
   * &tab=indicators also opens that tab of the side panel (from the results framework). */
  function selectFromAddress(cy) {
    var wanted = new URLSearchParams(window.location.search).get("select");
    var item = wanted ? cy.getElementById(wanted) : null;
    if (!item || item.empty()) { return; }
    var tab = new URLSearchParams(window.location.search).get("tab");
    if (tab) { window.dash_clientside.set_props("panel-tabs", {active_tab: tab}); }
    cy.elements(":selected").unselect();
    item.select();
    cy.animate({center: {eles: item}, zoom: Math.max(cy.zoom(), 1)}, {duration: 300});
    window.dash_clientside.set_props("editor-selection", {data: {type: item.isEdge() ? "link" : "element", id: wanted}});
  }

  setInterval(function () {
    if (window.cy && document.getElementById("canvas")) { hook(window.cy); }
  }, 300);

  function applyDelta(delta) {
    var cy = window.cy;
    if (!cy || !delta) { return window.dash_clientside.no_update; }
    cy.batch(function () {
      if (delta.replace) {
        cy.elements().remove();
        cy.add(delta.replace);
      }
      (delta.detach || []).forEach(function (id) {
        cy.edges('[kind = "attachment"]').filter(function (e) { return e.data("source") === id; }).remove();
      });
      (delta.remove || []).forEach(function (id) { cy.getElementById(id).remove(); });
      (delta.upsert || []).forEach(function (item) {
        var existing = cy.getElementById(item.data.id);
        if (existing.nonempty()) {
          existing.data(item.data);
          if (item.position) { existing.position(item.position); }
        } else if (!item.data.source || (cy.getElementById(item.data.source).nonempty()
                                         && cy.getElementById(item.data.target).nonempty())) {
          cy.add(item);
        }
      });
    });
    markTalk();
    if (delta.select) {
      cy.elements(":selected").unselect();
      var chosen = cy.getElementById(delta.select);
      chosen.select();
      if (delta.center) { cy.animate({center: {eles: chosen}, duration: 250}); }
    }
    if (delta.fit) { cy.fit(undefined, 40); }
    return delta.seq || 0;
  }

  function fitCanvas(clicks) {
    if (window.cy && clicks) { window.cy.fit(undefined, 40); }
    return window.dash_clientside.no_update;
  }

  /* Connect mode runs in the browser so that quick taps are never lost to a round trip:
   * the first tap names the source, the second completes a pair for the server. */
  function connectTap(node, active, source) {
    var none = window.dash_clientside.no_update;
    if (!active || !node) { return [none, none]; }
    if (!source) { return [node.id, none]; }
    if (source === node.id) { return [none, none]; }
    return [null, {source: source, target: node.id, at: Date.now()}];
  }

  /* Live co-editing: every open copy polls what changed since its revision (one small
   * request every half second), patches the canvas and shows who else is here. */
  var LIVE_EVERY_MS = 500;
  var live = {meta: null, timer: null, commentsChanged: null, talk: {}};

  function scheduleLive() {
    if (!live.timer) { live.timer = setTimeout(pollLive, LIVE_EVERY_MS); }
  }

  function showPresence(present) {
    var cy = window.cy;
    var names = present.map(function (p) {
      var on = p.selected && cy && cy.getElementById(p.selected).nonempty()
        ? " on “" + cy.getElementById(p.selected).data("label") + "”" : "";
      return p.name + on;
    });
    window.dash_clientside.set_props("live-people", {children: names.length ? "Also here: " + names.join(", ") : ""});
    if (!cy) { return; }
    cy.nodes("[seenBy]").removeData("seenBy");
    present.forEach(function (p) {
      if (p.selected) { cy.getElementById(p.selected).data("seenBy", p.name); }
    });
  }

  /* Elements and links with open comment threads glow: the counts come from the server
   * whenever the map's discussion changes, and are put back after every canvas patch. */
  function markTalk() {
    var cy = window.cy;
    if (!cy) { return; }
    cy.elements("[talk]").removeData("talk");
    Object.keys(live.talk).forEach(function (id) { cy.getElementById(id).data("talk", live.talk[id]); });
  }

  function fetchTalk(mapId) {
    fetch("/live/maps/" + mapId + "/talk", {credentials: "same-origin", headers: {"Accept": "application/json"}})
      .then(function (response) { return response.ok ? response.json() : null; })
      .then(function (counts) {
        if (counts && live.meta && live.meta.map_id === mapId) { live.talk = counts; markTalk(); }
      })
      .catch(function () { /* the next change of the discussion fetches again */ });
  }

  function pollLive() {
    live.timer = null;
    var meta = live.meta;
    if (!meta || !document.getElementById("canvas")) { return; }
    if (document.hidden) { scheduleLive(); return; }
    var chosen = window.cy ? window.cy.$("node:selected") : null;
    var selected = chosen && chosen.nonempty() ? chosen[0].id() : "";
    var url = "/live/maps/" + meta.map_id + "?since=" + meta.revision + "&selected=" + encodeURIComponent(selected);
    fetch(url, {credentials: "same-origin", headers: {"Accept": "application/json"}})
      .then(function (response) { return response.ok ? response.json() : null; })
      .then(function (data) {
        if (!data || !live.meta || live.meta.map_id !== meta.map_id) { return; }
        if (data.delta) { applyDelta(data.delta); }
        showPresence(data.present || []);
        if (data.comments_changed !== live.commentsChanged) {
          live.commentsChanged = data.comments_changed;
          window.dash_clientside.set_props("comments-changed", {data: data.comments_changed});
          fetchTalk(meta.map_id);
        }
        if (data.revision > live.meta.revision) {
          live.meta = Object.assign({}, live.meta, {revision: data.revision});
          window.dash_clientside.set_props("editor-map", {data: live.meta});
        }
      })
      .catch(function () { /* offline for a moment: the next poll catches up */ })
      .finally(scheduleLive);
  }

  function followMap(meta) {
    if (!live.meta || live.meta.map_id !== meta.map_id) { live.commentsChanged = null; live.talk = {}; }
    live.meta = meta;
    scheduleLive();
    return window.dash_clientside.no_update;
  }

  window.dash_clientside = window.dash_clientside || {};
  window.dash_clientside.tocmap = {
    applyDelta: applyDelta, fitCanvas: fitCanvas, connectTap: connectTap, followMap: followMap,
  };
})();
