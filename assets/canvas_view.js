/* tocmap map editor: how the canvas is seen and navigated (a room reading a projector).
 *
 * - Legible fit: the first view, "Fit" and Arrange fit the map, but never zoom out so far that a
 *   label is drawn below LEGIBLE_PX on screen; a map too big for that is navigated, with an overview
 *   in the corner (drag or click in it to move the view).
 * - Search dims what does not match and counts the matches as you type; Enter selects the first.
 * - Connect mode ends with Escape, a click on empty canvas, or its button.
 * - After Add the new label has the focus, its text selected; Enter saves (Shift+Enter: a new line);
 *   the Delete key deletes what is selected (with the usual confirmation).
 * - Presentation: full screen, the map (or the selected element's pathway) revealed level by level,
 *   from the actors and what the partners do up to the impact, or the saved views one after another;
 *   arrow keys step, Esc ends.
 * - Saved views: where the canvas looks is read (zoom, the map point at the centre) and gone back to.
 *   A view with places of its own (a Kumu view) moves its elements there while it is shown, for this
 *   reader only: dragging is paused, and "Show all" (or another view) puts them back where the map has them.
 */
(function () {
  "use strict";
  /* This script's texts in the reader's language (window.tocmapSays: tocmap/ui/language.py). */
  var _ = window.tocmapSays || function (text) { return text; };
  var LEGIBLE_PX = 12;      // no label smaller than this on screen in a fitted view
  var FIT_MAX_ZOOM = 1.25;  // a small map is not blown up beyond this
  var PADDING = 30;
  var OVERVIEW = {width: 200, height: 130};
  var state = {cy: null, search: "", overview: null, drawPending: false, placed: null};

  function none() { return window.dash_clientside.no_update; }

  function fontPx(cy) {
    var first = cy.nodes().first();
    return first.nonempty() ? parseFloat(first.style("font-size")) || 13 : 13;
  }

  /* The zoom at which labels are LEGIBLE_PX tall on screen. */
  function legibleZoom(cy) { return LEGIBLE_PX / fontPx(cy); }

  /* Fit what is shown, but stop at legibility: then show the top of the map, centred (the impact
   * and outcomes of a theory of change; the overview shows the rest). */
  function fit(eles) {
    var cy = window.cy;
    if (!cy) { return; }
    eles = eles && eles.nonempty() ? eles : cy.nodes(":visible");
    if (eles.empty()) { return; }
    var box = eles.boundingBox();
    var fitted = Math.min((cy.width() - 2 * PADDING) / Math.max(box.w, 1),
                          (cy.height() - 2 * PADDING) / Math.max(box.h, 1));
    var zoom = Math.min(Math.max(fitted, legibleZoom(cy)), FIT_MAX_ZOOM);
    var top = fitted >= zoom ? (cy.height() - zoom * box.h) / 2 : PADDING;
    cy.viewport({zoom: zoom, pan: {x: cy.width() / 2 - zoom * (box.x1 + box.w / 2), y: top - zoom * box.y1}});
    drawSoon();
  }

  function resizeSoon() {
    setTimeout(function () { if (window.cy) { window.cy.resize(); drawSoon(); } }, 0);
  }

  /* ------------------------------------------------------------------ overview */

  function makeOverview(cy) {
    var wrap = cy.container().closest(".tm-canvas-wrap");
    if (!wrap) { return null; }
    var old = wrap.querySelector(".tm-overview");
    if (old) { old.remove(); }
    var canvas = document.createElement("canvas");
    canvas.className = "tm-overview";
    canvas.width = OVERVIEW.width;
    canvas.height = OVERVIEW.height;
    canvas.setAttribute("role", "img");
    canvas.setAttribute("aria-label", _("Overview of the whole map; the frame is what the canvas shows"));
    canvas.title = _("Overview: click or drag to move the view");
    wrap.appendChild(canvas);
    var dragging = false;
    function moveTo(event) {
      var o = state.overview;
      if (!o || !o.scale) { return; }
      var rect = canvas.getBoundingClientRect();
      var x = o.box.x1 + (event.clientX - rect.left - o.dx) / o.scale;
      var y = o.box.y1 + (event.clientY - rect.top - o.dy) / o.scale;
      cy.pan({x: cy.width() / 2 - cy.zoom() * x, y: cy.height() / 2 - cy.zoom() * y});
    }
    canvas.addEventListener("mousedown", function (event) { dragging = true; moveTo(event); event.preventDefault(); });
    window.addEventListener("mousemove", function (event) { if (dragging) { moveTo(event); } });
    window.addEventListener("mouseup", function () { dragging = false; });
    return {canvas: canvas};
  }

  function drawSoon() {
    if (state.drawPending) { return; }
    state.drawPending = true;
    requestAnimationFrame(function () { state.drawPending = false; drawOverview(); });
  }

  function drawOverview() {
    var cy = window.cy, o = state.overview;
    if (!cy || !o || !o.canvas.isConnected) { return; }
    var nodes = cy.nodes(":visible");
    var view = cy.extent();
    var box = nodes.nonempty() ? nodes.boundingBox() : null;
    var fits = !box || (box.x1 >= view.x1 && box.x2 <= view.x2 && box.y1 >= view.y1 && box.y2 <= view.y2);
    o.canvas.style.display = fits ? "none" : "block";
    if (fits) { return; }
    var scale = Math.min((OVERVIEW.width - 8) / box.w, (OVERVIEW.height - 8) / box.h);
    o.box = box; o.scale = scale;
    o.dx = (OVERVIEW.width - scale * box.w) / 2; o.dy = (OVERVIEW.height - scale * box.h) / 2;
    var ctx = o.canvas.getContext("2d");
    ctx.clearRect(0, 0, OVERVIEW.width, OVERVIEW.height);
    nodes.forEach(function (node) {
      var b = node.boundingBox({includeLabels: false});
      ctx.fillStyle = node.data("miss") ? "#dee2e6" : node.style("border-color");
      ctx.fillRect(o.dx + (b.x1 - box.x1) * scale, o.dy + (b.y1 - box.y1) * scale,
                   Math.max(2, b.w * scale), Math.max(2, b.h * scale));
    });
    ctx.strokeStyle = "#f59f00";
    ctx.lineWidth = 2;
    ctx.strokeRect(o.dx + (view.x1 - box.x1) * scale, o.dy + (view.y1 - box.y1) * scale, view.w * scale, view.h * scale);
  }

  /* ------------------------------------------------------------------ search */

  function search(text) {
    var cy = window.cy;
    state.search = (text || "").trim().toLowerCase();
    if (!cy) { return ""; }
    var wanted = state.search, hits = 0;
    cy.batch(function () {
      if (!wanted) {
        cy.elements("[?hit], [?miss]").data({hit: 0, miss: 0});
        return;
      }
      cy.nodes().forEach(function (node) {
        var text = String(node.data("label") || "") + "\n" + String(node.data("also") || "");  // every language
        var found = text.toLowerCase().indexOf(wanted) !== -1;
        if (found) { hits += 1; node.data({hit: 1, miss: 0}); } else { node.data({hit: 0, miss: 1}); }
      });
      cy.edges().forEach(function (edge) {
        edge.data("miss", edge.source().data("hit") && edge.target().data("hit") ? 0 : 1);
      });
    });
    drawSoon();
    if (!wanted) { return ""; }
    return hits ? _("{hits} of {total}", {hits: hits, total: cy.nodes().length}) : _("No match");
  }

  /* After the canvas was patched (an edit, someone else's edit), new items follow the search too. */
  function refresh() {
    if (state.search) { search(state.search); }
    drawSoon();
  }

  function selectFirstHit() {
    var cy = window.cy;
    var hit = cy ? cy.nodes("[?hit]").first() : null;
    if (!hit || hit.empty()) { return; }
    cy.elements(":selected").unselect();
    hit.select();
    cy.animate({center: {eles: hit}, zoom: Math.max(cy.zoom(), legibleZoom(cy))}, {duration: 250});
    window.dash_clientside.set_props("editor-selection", {data: {type: "element", id: hit.id()}});
  }

  /* ------------------------------------------------------------------ connect, keys, focus */

  function connecting() {
    var button = document.getElementById("editor-connect");
    return !!button && button.classList.contains("active");
  }

  function endConnect() {
    window.dash_clientside.set_props("editor-connect", {active: false});
    window.dash_clientside.set_props("editor-connect-from", {data: null});
  }

  function typing(target) {
    return target && (target.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName));
  }

  function visible(id) {
    var el = document.getElementById(id);
    return el && el.offsetParent !== null ? el : null;
  }

  document.addEventListener("keydown", function (event) {
    if (!document.getElementById("canvas")) { return; }
    var target = event.target;
    if (event.key === "Escape" && connecting()) { endConnect(); return; }
    if (event.key === "Enter" && !event.shiftKey && target && target.id === "element-label") {
      event.preventDefault();
      var save = document.getElementById("element-save");
      if (save) { save.click(); }
      return;
    }
    if (event.key === "Enter" && target && target.id === "editor-search") { selectFirstHit(); return; }
    if ((event.key === "Delete") && !typing(target)) {
      var remove = visible("element-delete") || visible("link-delete");
      if (remove) { event.preventDefault(); remove.click(); }
    }
  });

  function focusNewLabel(loaded, selection) {
    if (!loaded || !selection || !selection["new"] || loaded.id !== selection.id) { return none(); }
    requestAnimationFrame(function () {
      var label = document.getElementById("element-label");
      if (label) { label.focus(); label.select(); }
    });
    return loaded.id;
  }

  /* ------------------------------------------------------------------ presentation */

  /* Steps of a presentation: the results chain from what partners do to what it changes. */
  var STEPS = [["actor"], ["intervention"], ["output"], ["outcome"], ["impact"], null];  // null: all the rest
  var STEP_NAMES = [_("Who is involved"), _("What the partners do"), _("What it delivers"), _("What changes"),
                    _("The change we seek"), _("What it rests on")];
  var show = null;  // {steps: [collections], names, at, wrap, caption}

  function present() {
    var cy = window.cy;
    if (!cy) { return none(); }
    var chosen = cy.nodes(":selected");
    var scope = chosen.nonempty() ? chosen.union(chosen.predecessors("node")).union(chosen.successors("node"))
                                  : cy.nodes();
    var steps = [], names = [];
    var placed = cy.collection();
    STEPS.forEach(function (kinds, n) {
      var group = scope.filter(function (node) {
        return kinds ? kinds.indexOf(node.data("kind")) !== -1 : !placed.contains(node);
      });
      placed = placed.union(group);
      if (group.nonempty()) { steps.push(group); names.push(STEP_NAMES[n]); }
    });
    if (!steps.length) { return none(); }
    begin(steps, names, {});
    return Date.now();
  }

  /* Full screen, a caption, the first step. ``how.views``: each step is one saved view (not added up). */
  function begin(steps, names, how) {
    var cy = window.cy;
    if (show) { endPresentation(); }
    var wrap = cy.container().closest(".tm-canvas-wrap");
    var caption = document.createElement("div");
    caption.className = "tm-present-caption";
    caption.setAttribute("role", "status");
    wrap.appendChild(caption);
    wrap.classList.add("tm-presenting");
    if (wrap.requestFullscreen) { wrap.requestFullscreen().catch(function () { /* the page fills the window */ }); }
    show = {steps: steps, names: names, at: 0, wrap: wrap, caption: caption, views: how.views || null};
    cy.elements(":selected").unselect();
    resizeSoon();
    setTimeout(function () { step(0); }, 50);
  }

  function step(to) {
    var cy = window.cy;
    if (!show || !cy) { return; }
    show.at = Math.max(0, Math.min(to, show.steps.length - 1));
    var shown = cy.collection();
    (show.views ? [show.steps[show.at]] : show.steps.slice(0, show.at + 1)).forEach(function (group) {
      shown = shown.union(group);
    });
    cy.batch(function () {
      cy.nodes().forEach(function (node) { node.data("veil", shown.contains(node) ? 0 : 1); });
      cy.edges().forEach(function (edge) {
        edge.data("veil", shown.contains(edge.source()) && shown.contains(edge.target()) ? 0 : 1);
      });
    });
    var view = show.views ? show.views[show.at] : null;
    place(view ? view.places : null);
    if (view && view.zoom && view.centre) { look(view); } else { fit(shown); }
    var says = {n: show.at + 1, total: show.steps.length, name: show.names[show.at]};
    show.caption.textContent = show.views ? _("View {n} of {total}: {name} — → next, ← back, Esc ends", says)
                                          : _("Step {n} of {total}: {name} — → next, ← back, Esc ends", says);
  }

  /* Where the canvas looks, kept with a saved view: its zoom and the map point at its centre. */
  function viewport() {
    var cy = window.cy;
    if (!cy) { return {at: Date.now()}; }
    cy.resize();  // the toolbar may have wrapped since: measure the canvas as it is now
    var zoom = cy.zoom(), pan = cy.pan();
    var centre = [(cy.width() / 2 - pan.x) / zoom, (cy.height() / 2 - pan.y) / zoom];
    return {zoom: Math.round(zoom * 1000) / 1000, centre: centre.map(function (v) { return Math.round(v * 10) / 10; }),
            at: Date.now()};
  }

  /* Move elements where a view places them ({id: [x, y]}), remembering where the map has them. */
  function place(places) {
    var cy = window.cy;
    unplace();
    if (!cy || !places || !Object.keys(places).length) { return; }
    state.placed = {from: {}, grabbable: !cy.autoungrabify()};
    cy.batch(function () {
      Object.keys(places).forEach(function (id) {
        var node = cy.getElementById(id);
        if (node.empty()) { return; }
        var p = node.position();
        state.placed.from[id] = {x: p.x, y: p.y};
        node.position({x: places[id][0], y: places[id][1]});
      });
    });
    cy.autoungrabify(true);  // a drag here would move the element on the map for everyone
    drawSoon();
  }

  /* Put placed elements back where the map has them, and let them be dragged again. */
  function unplace() {
    var cy = window.cy, placed = state.placed;
    state.placed = null;
    if (!cy || !placed) { return; }
    cy.batch(function () {
      Object.keys(placed.from).forEach(function (id) { cy.getElementById(id).position(placed.from[id]); });
    });
    cy.autoungrabify(!placed.grabbable);
    drawSoon();
  }

  /* Where an edit puts an element: on the canvas, or (while a view places it) for when the view ends. */
  function moved(node, position) {
    if (state.placed && state.placed.from[node.id()]) { state.placed.from[node.id()] = position; return; }
    node.position(position);
  }

  /* "Show all" ends the view's own places along with its focus, and shows the whole map again. */
  function focused(ids) {
    if ((!ids || !ids.length) && state.placed) {
      unplace();
      setTimeout(function () { fit(); }, 60);
    }
    return none();
  }

  /* Go where a saved view looked (after its filters restyled the canvas); a view without a place fits. */
  function look(go) {
    var cy = window.cy;
    if (!cy || !go) { return none(); }
    place(go.places);
    setTimeout(function () {
      cy.resize();  // the filters it set may have made the toolbar wrap
      if (go.zoom && go.centre) {
        cy.viewport({zoom: go.zoom, pan: {x: cy.width() / 2 - go.zoom * go.centre[0],
                                          y: cy.height() / 2 - go.zoom * go.centre[1]}});
        drawSoon();
      } else {
        fit(go.places ? cy.nodes().filter(function (node) { return go.places[node.id()]; }) : cy.nodes(":visible"));
      }
    }, 60);
    return Date.now();
  }

  /* Present saved views in turn: each step shows what its view shows, where it looked. */
  function presentViews(views) {
    var cy = window.cy;
    if (!cy || !views || !views.length) { return none(); }
    var steps = views.map(function (view) {
      return cy.nodes().filter(function (node) { return view.shown.indexOf(node.id()) !== -1; });
    });
    begin(steps, views.map(function (view) { return view.name; }), {views: views});
    return Date.now();
  }

  function endPresentation() {
    var cy = window.cy;
    if (!show) { return; }
    show.wrap.classList.remove("tm-presenting");
    show.caption.remove();
    if (document.fullscreenElement) { document.exitFullscreen().catch(function () {}); }
    show = null;
    unplace();
    if (cy) { cy.elements("[?veil]").data("veil", 0); }  // (removeData would leave the style as it was)
    resizeSoon();
    setTimeout(function () { fit(); }, 60);
  }

  document.addEventListener("keydown", function (event) {
    if (!show) { return; }
    var next = {ArrowRight: 1, ArrowDown: 1, PageDown: 1, " ": 1, ArrowLeft: -1, ArrowUp: -1, PageUp: -1}[event.key];
    if (next) { event.preventDefault(); step(show.at + next); }
    if (event.key === "Escape") { endPresentation(); }
  }, true);
  document.addEventListener("fullscreenchange", function () {
    if (show && !document.fullscreenElement && show.wasFull) { endPresentation(); }
    if (show && document.fullscreenElement) { show.wasFull = true; }
  });

  /* ------------------------------------------------------------------ the canvas appears */

  function hook(cy) {
    state.cy = cy;
    cy.on("tap", function (event) { if (event.target === cy && connecting()) { endConnect(); } });
    // the page reflows around the canvas (the head, the legend, a panel growing): cytoscape keeps where
    // its container was, so refresh that before every press, or a click lands beside what is under it
    ["mousedown", "touchstart"].forEach(function (name) {
      cy.container().parentNode.addEventListener(name, function () { cy.resize(); }, true);
    });
    cy.on("viewport resize add remove position", drawSoon);
    state.overview = makeOverview(cy);
    var wanted = new URLSearchParams(window.location.search).get("select");
    if (!wanted || cy.getElementById(wanted).empty()) { fit(); }  // editor.js centres a chosen element
    refresh();
  }

  function watch() {
    var cy = window.cy;
    if (cy && cy !== state.cy && document.getElementById("canvas") && cy.container()
        && cy.container().closest("#canvas")) {
      hook(cy);
    }
  }
  /* dash-cytoscape names the canvas window.cy as it makes it: hook it in the same task (once its own
   * listeners are on, hence the microtask), so that the first frame cytoscape draws is already the
   * fitted view. Checking every 50 ms instead let a big map be drawn twice: unfitted, then fitted. */
  var made = window.cy;
  Object.defineProperty(window, "cy", {
    configurable: true,
    get: function () { return made; },
    set: function (cy) { made = cy; Promise.resolve().then(watch); },
  });
  setInterval(watch, 50);  // (a canvas made before this script ran)

  window.tocmapView = {fit: fit, search: search, refresh: refresh, resizeSoon: resizeSoon, present: present,
                       presentViews: presentViews, viewport: viewport, look: look, moved: moved, focused: focused,
                       focusNewLabel: focusNewLabel, legibleZoom: function () { return legibleZoom(window.cy); }};
})();
