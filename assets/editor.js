/* tocmap map editor: the browser side of the canvas.
 *
 * - Positions: when someone drops dragged elements, their new positions go to the
 *   store "canvas-moved" (one small request), never the whole element list.
 * - Deltas: after an edit the server sends only what changed ("canvas-delta");
 *   applyDelta patches the cytoscape graph in place.
 * - Save and drop are lean both ways: the Save sends only the changed fields, and both get one
 *   store back that spreadAnswer puts where it belongs (the undo stack lives in the browser).
 */
(function () {
  "use strict";
  /* This script's texts in the reader's language (window.tocmapSays: tocmap/ui/language.py). */
  var _ = window.tocmapSays || function (text) { return text; };
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
    var meta = live.meta;  /* the map and the revision this canvas shows: the server needs nothing else */
    if (!meta) { return; }
    window.dash_clientside.set_props("canvas-moved", {data: {positions: positions, seq: sequence,
                                                             map: meta.map_id, at: meta.revision}});
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
    var touched = [];  /* what this delta changed */
    /* whose agreement it changed: the agreement panel redraws when its item is among them */
    window.tmTouched = delta.replace ? true : (delta.agreed || []);
    cy.batch(function () {
      if (delta.replace) {
        cy.elements().remove();
        cy.add(delta.replace);
      }
      (delta.detach || []).forEach(function (id) {
        cy.edges('[kind = "attachment"]').filter(function (e) { return e.data("source") === id; }).remove();
      });
      (delta.remove || []).forEach(function (id) { touched.push(id); cy.getElementById(id).remove(); });
      /* fields of items already on the canvas, that only filters read (nothing is added) */
      (delta.patch || []).forEach(function (data) { cy.getElementById(data.id).data(data); });
      (delta.upsert || []).forEach(function (item) {
        var existing = cy.getElementById(item.data.id);
        touched.push(item.data.id);
        if (existing.nonempty()) {
          if (item.unset && item.unset.length) { existing.removeData(item.unset.join(" ")); }
          existing.data(item.data);
          if (item.position && window.tocmapView) { window.tocmapView.moved(existing, item.position); }
        } else if (!item.data.source || (cy.getElementById(item.data.source).nonempty()
                                         && cy.getElementById(item.data.target).nonempty())) {
          cy.add({data: item.data, position: item.position});
        }
      });
    });
    markTalk();
    if (delta.learning || delta.replace) {  /* the learning banner and the evidence panel follow the map */
      window.dash_clientside.set_props("learning-due", {data: Date.now()});
    }
    if (delta.views || delta.replace) {  /* the saved views' list follows the map */
      window.dash_clientside.set_props("editor-views-due", {data: Date.now()});
    }
    /* what the map's own fields size, colour and filter may have changed: read again (editor/fields.py) */
    if (delta.restyle || delta.replace) { window.tmRestyle = true; }
    if (touched.length || delta.replace) { window.tmChanged = true; }
    if (window.tocmapView) { window.tocmapView.refresh(); }
    if (delta.select) {
      cy.elements(":selected").unselect();
      var chosen = cy.getElementById(delta.select);
      chosen.select();
      if (delta.center) { cy.animate({center: {eles: chosen}, duration: 250}); }
    }
    if (delta.fit) { window.tocmapView.fit(); }
    return delta.seq || 0;
  }

  function fitCanvas(clicks) {
    if (window.cy && clicks) { window.tocmapView.fit(); }
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

  /* Live co-editing: every open copy follows its map over a push stream (server-sent events
   * from /push/maps/ID): the server sends canvas patches, presence when it changes and the
   * discussion's stamp. The browser reconnects by itself and resends the last revision it got
   * (Last-Event-ID), so nothing is missed or applied twice. When the push channel is refused
   * (some proxies do), the page polls /live/maps/ID instead, and the live status says so. */
  var LIVE_EVERY_MS = 500;
  var PUSH_RETRY_MS = [1000, 2000, 4000, 8000, 15000];
  var PUSH_SILENT_MS = 25000;  // the server beats every 10 s: this long without a word, the link is dead
  var PUSH_REFUSED_AFTER = 3;  // failures before the first message: the channel is refused, poll instead
  var live = {meta: null, timer: null, commentsChanged: null, talk: {}, source: null, mode: null,
              failures: 0, opened: false, heard: 0, retry: null, unsaved: false, selected: ""};

  function liveStatus(text, kind) {
    var people = document.getElementById("live-people");
    if (!people || !people.parentNode) { return; }
    var status = document.getElementById("live-status");
    if (!status) {
      status = document.createElement("span");
      status.id = "live-status";
      status.setAttribute("role", "status");
      people.parentNode.insertBefore(status, people);
    }
    var note = live.unsaved ? " " + _("An edit made while offline was not saved: make it again.") : "";
    status.textContent = text + note;
    status.className = "tm-live-status tm-live-" + kind + (live.unsaved ? " tm-live-unsaved" : "");
  }

  /* Edits go through Dash callbacks; offline they fail. Say so instead of losing them silently. */
  var plainFetch = window.fetch.bind(window);
  window.fetch = function (resource, init) {
    var url = typeof resource === "string" ? resource : (resource && resource.url) || "";
    var answer = plainFetch(resource, init);
    if (url.indexOf("/_dash-update-component") === -1 || !live.meta) { return answer; }
    return answer.then(function (response) {
      if (response.ok && live.unsaved && live.mode === "live") { live.unsaved = false; liveStatus(_("Live"), "on"); }
      return response;
    }, function (error) {
      live.unsaved = true;
      liveStatus(_("Offline — reconnecting…"), "off");
      throw error;
    });
  };

  function scheduleLive() {
    if (!live.timer) { live.timer = setTimeout(pollLive, LIVE_EVERY_MS); }
  }

  function showPresence(present) {
    var cy = window.cy;
    var names = present.map(function (p) {
      return p.selected && cy && cy.getElementById(p.selected).nonempty()
        ? _("{name} on “{label}”", {name: p.name, label: cy.getElementById(p.selected).data("label")}) : p.name;
    });
    window.dash_clientside.set_props("live-people", {children: names.length ? _("Also here: {names}", {names: names.join(", ")}) : ""});
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
    plainFetch("/live/maps/" + mapId + "/talk", {credentials: "same-origin", headers: {"Accept": "application/json"}})
      .then(function (response) { return response.ok ? response.json() : null; })
      .then(function (counts) {
        if (counts && live.meta && live.meta.map_id === mapId) { live.talk = counts; markTalk(); }
      })
      .catch(function () { /* the next change of the discussion fetches again */ });
  }

  function commentsChanged(stamp, mapId) {
    if (stamp === live.commentsChanged) { return; }
    live.commentsChanged = stamp;
    window.dash_clientside.set_props("comments-changed", {data: stamp});
    fetchTalk(mapId);
  }

  function reachedRevision(revision) {
    if (revision > live.meta.revision) {
      live.meta = Object.assign({}, live.meta, {revision: revision});
      window.dash_clientside.set_props("editor-map", {data: live.meta});
    }
  }

  function selectedId() {
    var chosen = window.cy ? window.cy.$("node:selected") : null;
    return chosen && chosen.nonempty() ? chosen[0].id() : "";
  }

  function liveUrl(meta, selected) {
    return "/live/maps/" + meta.map_id + "?since=" + meta.revision + "&selected=" + encodeURIComponent(selected);
  }

  /* Polling, the fallback: one small request every half second. */
  function pollLive() {
    live.timer = null;
    var meta = live.meta;
    if (!meta || live.mode !== "polling" || !document.getElementById("canvas")) { return; }
    if (document.hidden) { scheduleLive(); return; }
    plainFetch(liveUrl(meta, selectedId()), {credentials: "same-origin", headers: {"Accept": "application/json"}})
      .then(function (response) { return response.ok ? response.json() : null; })
      .then(function (data) {
        if (!data || !live.meta || live.meta.map_id !== meta.map_id) { return; }
        liveStatus(_("Live (polling)"), "polling");
        if (data.delta) { applyDelta(data.delta); }
        showPresence(data.present || []);
        commentsChanged(data.comments_changed, meta.map_id);
        reachedRevision(data.revision);
      })
      .catch(function () { liveStatus(_("Offline — reconnecting…"), "off"); })
      .finally(scheduleLive);
  }

  /* Push: one stream per open map; our own selection is told with one request when it changes. */
  function closePush() {
    if (live.source) { live.source.close(); live.source = null; }
    if (live.retry) { clearTimeout(live.retry); live.retry = null; }
  }

  function openPush() {
    closePush();
    var meta = live.meta;
    if (!meta) { return; }
    if (!window.EventSource) { startPolling(); return; }
    if (!navigator.onLine) { liveStatus(_("Offline — reconnecting…"), "off"); return; }  // "online" reopens
    var source = new EventSource("/push/maps/" + meta.map_id + "?since=" + meta.revision);
    live.source = source;
    live.heard = Date.now();
    source.onopen = function () { live.opened = true; live.failures = 0; live.heard = Date.now(); liveStatus(_("Live"), "on"); };
    source.onmessage = function () { live.heard = Date.now(); };
    source.addEventListener("beat", function () { live.heard = Date.now(); });
    source.addEventListener("change", function (event) {
      live.heard = Date.now();
      var data = JSON.parse(event.data);
      if (!live.meta || live.meta.map_id !== meta.map_id || data.revision <= live.meta.revision) { return; }
      if (data.delta) { applyDelta(data.delta); }
      reachedRevision(data.revision);
    });
    source.addEventListener("presence", function (event) { showPresence(JSON.parse(event.data)); });
    source.addEventListener("comments", function (event) { commentsChanged(JSON.parse(event.data), meta.map_id); });
    source.addEventListener("end", function (event) {
      closePush();
      live.mode = "ended";
      liveStatus(_("Not live: {reason}", {reason: JSON.parse(event.data).message}), "off");
    });
    source.onerror = function () {
      if (live.source !== source || live.mode === "ended") { return; }
      live.failures += 1;
      liveStatus(_("Offline — reconnecting…"), "off");
      if (!live.opened && live.failures >= PUSH_REFUSED_AFTER) { closePush(); startPolling(); return; }
      if (source.readyState === EventSource.CLOSED) {  // refused (an HTTP error): back off, then try again
        var wait = PUSH_RETRY_MS[Math.min(live.failures - 1, PUSH_RETRY_MS.length - 1)];
        live.retry = setTimeout(openPush, wait);
      }  // otherwise the browser reconnects by itself, with Last-Event-ID
    };
  }

  /* A laptop that sleeps or loses its Wi-Fi can leave a stream open that will never speak again. */
  window.addEventListener("offline", function () {
    if (live.mode === "live") { closePush(); liveStatus(_("Offline — reconnecting…"), "off"); }
  });
  window.addEventListener("online", function () { if (live.mode === "live") { openPush(); } });
  setInterval(function () {
    if (live.mode === "live" && live.source && Date.now() - live.heard > PUSH_SILENT_MS) {
      liveStatus(_("Offline — reconnecting…"), "off");
      openPush();
    }
  }, 5000);

  function startPolling() {
    live.mode = "polling";
    liveStatus(_("Live (polling)"), "polling");
    scheduleLive();
  }

  function tellSelection() {
    if (live.meta && !document.getElementById("canvas")) {  // left the map: stop following it
      closePush(); live.meta = null; live.mode = null; return;
    }
    if (live.mode !== "live" || !live.meta) { return; }
    var selected = selectedId();
    if (selected === live.selected) { return; }
    live.selected = selected;
    plainFetch(liveUrl(live.meta, selected), {credentials: "same-origin", headers: {"Accept": "application/json"}})
      .catch(function () { live.selected = null; });
  }
  setInterval(tellSelection, 300);

  function followMap(meta) {
    var changed = !live.meta || live.meta.map_id !== meta.map_id;
    if (changed) { live.commentsChanged = null; live.talk = {}; }
    live.meta = meta;
    if (changed && live.mode !== "polling") {
      live.mode = "live"; live.failures = 0; live.opened = false; live.selected = "";
      openPush();
    } else if (live.mode === "polling") {
      scheduleLive();
    }
    return window.dash_clientside.no_update;
  }

  /* The side panel's Save asks with only the fields that differ from what the form was filled with
   * (editor-loaded); the server reads the rest at the revision the form was filled at (editor/page.py).
   * forms: {element: {save: button id, fields: [names]}, link: ...}; args: the callback's arguments,
   * the three buttons' clicks, then each form's values in that order, then editor-loaded and editor-map. */
  var saves = 0;
  function askSave(forms, args) {
    var none = window.dash_clientside.no_update;
    var values = Array.prototype.slice.call(args, 3);
    var loaded = values[values.length - 2], meta = values[values.length - 1];
    var pressed = pressedSave(forms);
    if (!pressed || !loaded || loaded.type !== pressed.form || !meta) { return none; }
    var offset = pressed.form === "element" ? 0 : forms.element.fields.length;
    var changed = {};
    forms[pressed.form].fields.forEach(function (field, n) {
      var value = values[offset + n] === undefined ? null : values[offset + n];
      if (JSON.stringify(value) !== JSON.stringify(loaded.values[field])) { changed[field] = value; }
    });
    saves += 1;
    var ask = {form: pressed.form, id: loaded.id, map: meta.map_id, base: loaded.revision, at: meta.revision,
               set: changed, n: saves};
    if (loaded.language) { ask.language = loaded.language; }
    if (pressed.keep) { ask.keep = true; }
    return ask;
  }

  /* Which form's Save, or which form's "Keep mine" after a conflict, was pressed (null: none was). */
  function pressedSave(forms) {
    var trigger = (window.dash_clientside.callback_context.triggered || [])[0];
    if (!trigger || !trigger.value) { return null; }
    var id = trigger.prop_id.slice(0, trigger.prop_id.lastIndexOf("."));
    for (var form in forms) { if (forms[form].save === id) { return {form: form}; } }
    try { return {form: JSON.parse(id).form, keep: true}; } catch (error) { return null; }
  }

  /* A Save's or a drop's answer is one store; each part goes where it belongs, and what did not change
   * is left alone: [canvas-delta, editor-map, editor-alerts, editor-undo, element message, link message,
   * editor-loaded]. The undo stack lives here: the server sends only the revision to push on it. */
  function spreadAnswer(depth, meta, undo, loaded, words) {
    var none = window.dash_clientside.no_update;
    var out = [none, none, none, none, none, none, none];
    var trigger = (window.dash_clientside.callback_context.triggered || [])[0];
    var answer = trigger && trigger.value;
    if (!answer || !meta) { return out; }
    if (answer.said) { out[answer.form === "link" ? 5 : 4] = answer.said === "saved" ? savedNote(words) : answer.said; }
    if (answer.alert) { out[2] = answer.alert; }
    if (answer.revision) {
      out[0] = answer.delta;
      out[1] = answer.revision > meta.revision ? Object.assign({}, meta, {revision: answer.revision}) : none;
      out[2] = null;
      var mine = undo && undo.map_id === meta.map_id ? undo.undo : [];
      out[3] = {map_id: meta.map_id, undo: mine.concat([answer.undo]).slice(-depth), redo: []};
    }
    var now = answer.loaded;  /* what changed in the values the form was filled with, if it still shows them */
    if (now && loaded && loaded.id === now.id && loaded.type === answer.form) {
      out[6] = now.gone ? null : Object.assign({}, loaded, {
        revision: now.revision, values: Object.assign({}, loaded.values, now.values)});
      if (now.marks) { out[6].marks = now.marks; }
    }
    return out;
  }

  /* "Saved.", as the server would have drawn it (a dbc.Alert that fades), in the reader's language. */
  function savedNote(words) {
    return {type: "Alert", namespace: "dash_bootstrap_components", props: {
      color: "success", duration: 2500, className: "py-1 mb-2",
      children: [{type: "I", namespace: "dash_html_components", props: {className: "bi bi-check2-circle me-1"}},
                 words.saved]}};
  }

  window.dash_clientside = window.dash_clientside || {};
  window.dash_clientside.tocmap = {
    applyDelta: applyDelta, fitCanvas: fitCanvas, connectTap: connectTap, followMap: followMap,
    askSave: askSave, spreadAnswer: spreadAnswer,
  };
})();
