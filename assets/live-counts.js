/* Health check and SWOT pages: the counts of answers and cards ("answers so far: MoH 2, AIPH 1")
 * follow the map's push stream (GET /push/maps/ID?counts=1, its "tallies" event: numbers only,
 * never an answer or a card), so a facilitator sees partners answer without reloading. */
(function () {
  "use strict";
  /* This script's texts in the reader's language (window.tocmapSays: tocmap/ui/language.py). */
  var _ = window.tocmapSays || function (text) { return text; };
  var source = null;
  var following = null;

  function show(tallies) {
    document.querySelectorAll("[data-tally]").forEach(function (span) {
      var key = span.getAttribute("data-tally").split(":");
      var counts = (tallies[key[0]] || {})[key[1]];
      if (!counts) { return; }
      var names = JSON.parse(span.getAttribute("data-names") || "{}");
      var text = Object.keys(counts).map(function (partner) {
        return (names[partner] || partner) + " " + counts[partner];
      }).join(", ");
      span.textContent = text || _("none yet");
    });
  }

  setInterval(function () {
    var match = window.location.pathname.match(/^\/maps\/(\d+)\/(health|swot)/);
    var wanted = match && document.querySelector("[data-tally]") ? match[1] : null;
    if (wanted === following) { return; }
    if (source) { source.close(); source = null; }
    following = wanted;
    if (!wanted || !window.EventSource) { return; }
    source = new EventSource("/push/maps/" + wanted + "?counts=1");
    source.addEventListener("tallies", function (event) { show(JSON.parse(event.data)); });
    source.addEventListener("end", function () { source.close(); });
  }, 500);
})();
