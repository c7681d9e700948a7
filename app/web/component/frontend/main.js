// The Atlas graph component: draws vis-network data sent from Python and sends the selection back.
// Streamlit's component protocol (v1) by hand, so no npm build is needed: the page says
// "componentReady", receives "streamlit:render" messages with the args, and answers with
// "streamlit:setComponentValue" (the selection) and "streamlit:setFrameHeight" (its own height).
(function () {
  "use strict";
  var container = document.getElementById("mynetwork");
  var hint = document.getElementById("hint");
  var state = { network: null, nodes: null, edges: null, viewKey: null, focusSeq: null, seq: 0,
                selected: [], height: 0, labeller: null };

  function send(type, data) {
    window.parent.postMessage(Object.assign({ isStreamlitMessage: true, type: type }, data), "*");
  }

  function setHeight() {
    var h = Math.ceil(document.body.getBoundingClientRect().height);
    if (h !== state.height) { state.height = h; send("streamlit:setFrameHeight", { height: h }); }
  }

  // Group names are drawn as nodes too ("label"); every other node (paper, phenomenon, …) selects.
  function isPaperLike(node) {
    if (!node) return false;
    return node.kind ? String(node.kind).toLowerCase() !== "label" : !node.isLabel;
  }

  function sendSelection(event, node) {
    state.seq += 1;
    send("streamlit:setComponentValue", { dataType: "json",
      value: { selected: state.selected.slice(), event: event, node: node || null, seq: state.seq } });
  }

  function showSelection() {
    if (!state.network) return;
    var now = state.network.getSelectedNodes();
    if (now.length === state.selected.length && now.every(function (id, i) { return id === state.selected[i]; })) return;
    state.network.setSelection({ nodes: state.selected, edges: [] }, { unselectAll: true });
  }

  // Labels (labels.js, shared with the shared HTML file): placed where they fit, drawn each frame.
  function declutter() { if (state.labeller) state.labeller.declutter(); }
  var declutterTimer = null;
  function declutterSoon() { clearTimeout(declutterTimer); declutterTimer = setTimeout(declutter, 150); }

  function draw(args) {
    // A legend drawn over the canvas (HTML the app built and escaped: the multi-layer drawing's kinds).
    document.getElementById("overlay").innerHTML = args.overlay || "";
    state.nodes = new vis.DataSet(args.nodes);
    state.edges = new vis.DataSet(withIds(args.edges));
    var options = Object.assign({}, args.options || {});
    options.interaction = Object.assign({}, options.interaction || {}, { multiselect: false, selectConnectedEdges: false });
    if (state.network) state.network.destroy();
    var net = state.network = new vis.Network(container, { nodes: state.nodes, edges: state.edges }, options);
    window.network = net; window.nodes = state.nodes; window.edges = state.edges;
    state.labeller = window.atlasLabels(net, state.nodes, container);
    state.bulk = args.bulk_edges ? window.atlasBulkEdges(net, args.bulk_edges) : null;  // large views: bulkedges.js
    net.on("click", onClick);
    net.on("doubleClick", onDoubleClick);
    net.on("zoom", declutterSoon);
    net.on("dragEnd", declutterSoon);
    net.on("afterDrawing", state.labeller.draw);
    var focus = (args.fit_to || []).filter(function (id) { return state.nodes.get(id); });
    if (focus.length) net.fit({ nodes: focus, animation: false, maxZoomLevel: 1.2 });
    // Labels are sized for the screen, so they change the drawing's extent: fit, declutter, and
    // fit again until everything (labels included) is inside the canvas.
    var attempts = 0;
    function settle() {
      attempts += 1;
      declutter();
      if (!focus.length && attempts <= 4 && fitDrawing()) { net.once("afterDrawing", settle); net.redraw(); return; }
      document.body.setAttribute("data-atlas-ready", "1");
    }
    net.once("afterDrawing", settle);
  }

  // Moves and zooms so the bounding box of every node and label fits the canvas; true when it moved.
  function fitDrawing() {
    var net = state.network, ids = state.nodes.getIds();
    if (!ids.length) return false;
    var x1 = Infinity, y1 = Infinity, x2 = -Infinity, y2 = -Infinity;
    ids.forEach(function (id) {
      var b = net.getBoundingBox(id);
      if (!b) return;
      x1 = Math.min(x1, b.left); y1 = Math.min(y1, b.top); x2 = Math.max(x2, b.right); y2 = Math.max(y2, b.bottom);
    });
    var tl = net.canvasToDOM({ x: x1, y: y1 }), br = net.canvasToDOM({ x: x2, y: y2 });
    var w = container.clientWidth, h = container.clientHeight, margin = 8;
    if (tl.x >= margin / 2 && tl.y >= margin / 2 && br.x <= w - margin / 2 && br.y <= h - margin / 2) return false;
    var scale = net.getScale() * Math.min((w - 2 * margin) / Math.max(br.x - tl.x, 1), (h - 2 * margin) / Math.max(br.y - tl.y, 1), 1.5);
    net.moveTo({ position: { x: (x1 + x2) / 2, y: (y1 + y2) / 2 }, scale: Math.min(scale, 1.5), animation: false });
    return true;
  }

  // Edges are added and removed by id, so every edge needs a stable one: the app's, or from, kind and to.
  // (Without ids vis invents fresh ones each time and an expansion removed every link: issue 22.)
  function withIds(edges) {
    var seen = {};
    return (edges || []).map(function (e) {
      var id = e.id !== undefined && e.id !== null ? String(e.id) : e.from + ">" + (e.kind || "") + ">" + e.to;
      while (seen[id]) id += "'";
      seen[id] = true;
      return id === e.id ? e : Object.assign({}, e, { id: id });
    });
  }

  // Links drawn: vis edges whose two ends are drawn, plus bulk rows (read by the browser tests).
  window.atlasLinkCount = function () {
    var drawn = 0;
    state.edges.forEach(function (e) { if (state.nodes.get(e.from) && state.nodes.get(e.to)) drawn += 1; });
    return drawn + (state.bulk ? state.bulk.count() : 0);
  };

  // New nodes (an expansion) are placed on rings around the node they were expanded from,
  // so the drawing stays put: nothing already drawn moves.
  function update(args) {
    var wanted = {}, added = [], changed = [];
    args.nodes.forEach(function (n) {
      wanted[n.id] = true;
      if (!state.nodes.get(n.id)) { added.push(n); return; }
      // Kept nodes take their new size, colour and label (hub counts grow) but stay where they are drawn.
      var keep = Object.assign({}, n); delete keep.x; delete keep.y;
      changed.push(keep); state.labeller.forget(n.id);
    });
    var gone = state.nodes.getIds({ filter: function (n) { return !wanted[n.id]; } });
    var anchor = args.anchor && state.nodes.get(args.anchor) ? state.network.getPositions([args.anchor])[args.anchor] : null;
    if (anchor) {
      var ring = 0, slot = 0, capacity = 8;
      added.forEach(function (n) {
        if (slot >= capacity) { ring += 1; slot = 0; capacity = 8 + ring * 8; }
        var angle = 2 * Math.PI * slot / capacity + ring * 0.3, radius = 70 + ring * 45;
        n.x = anchor.x + radius * Math.cos(angle); n.y = anchor.y + radius * Math.sin(angle);
        slot += 1;
      });
    }
    if (gone.length) state.nodes.remove(gone);
    if (changed.length) state.nodes.update(changed);
    if (added.length) state.nodes.add(added);
    document.getElementById("overlay").innerHTML = args.overlay || "";  // the legend's counts follow
    var wantedEdges = {}, newEdges = [];
    withIds(args.edges).forEach(function (e) { wantedEdges[e.id] = true; if (!state.edges.get(e.id)) newEdges.push(e); });
    var goneEdges = state.edges.getIds({ filter: function (e) { return !wantedEdges[e.id]; } });
    if (goneEdges.length) state.edges.remove(goneEdges);
    if (newEdges.length) state.edges.add(newEdges);
    if (state.bulk) state.bulk.set(args.bulk_edges);
    else if (args.bulk_edges) state.bulk = window.atlasBulkEdges(state.network, args.bulk_edges);
    declutterSoon();
    document.body.setAttribute("data-atlas-nodes", String(state.nodes.length));
  }

  function onClick(params) {
    var id = params.nodes.length ? params.nodes[0] : null;
    state.clicks = [(state.clicks || [null, null])[1], id];  // the last two clicks' nodes (see onDoubleClick)
    var node = id !== null ? state.nodes.get(id) : null;
    var shift = params.event && params.event.srcEvent && params.event.srcEvent.shiftKey;
    if (!isPaperLike(node)) {
      if (id === null && !shift && state.selected.length) { state.selected = []; showSelection(); sendSelection("clear", null); }
      else showSelection();
      return;
    }
    if (shift) {
      var at = state.selected.indexOf(id);
      if (at >= 0) state.selected.splice(at, 1); else state.selected.push(id);
    } else {
      state.selected = [id];
    }
    sendSelection(shift ? "toggle" : "click", id);  // first: Python starts on the panel while we draw
    showSelection();
    hint.textContent = state.selected.length > 1 ? state.selected.length + " selected (shift-click to add or remove)"
                                                 : (node.fullLabel || node.label || id);
  }

  function onDoubleClick(params) {
    // A double click is two clicks on the same paper: two quick clicks on two papers (the browser calls
    // any two clicks within its interval a double click) select the second, they open nothing.
    var clicks = state.clicks || [null, null];
    if (params.nodes.length !== 1 || clicks[0] !== params.nodes[0] || clicks[1] !== params.nodes[0]) return;
    var node = state.nodes.get(params.nodes[0]);
    if (!isPaperLike(node) || (node.kind && String(node.kind).toLowerCase() !== "paper")) return;
    // Sandboxed without top navigation but same origin: click a link placed in the app's document.
    try {
      var doc = window.parent.document;
      var link = doc.createElement("a");
      link.href = new URL("paper?paper=" + encodeURIComponent(node.id), doc.baseURI).href;
      link.style.display = "none";
      doc.body.appendChild(link);
      link.click();
    } catch (err) { console.warn("cannot open the paper page", err); }
  }

  function render(args) {
    container.style.height = (args.height || 600) + "px";
    if (!args.nodes) {  // "you have this version already": unless this page was just (re)mounted
      if (state.dataVersion !== args.data_version) {
        if (state.asked !== args.data_version) {
          state.asked = args.data_version;
          send("streamlit:setComponentValue", { dataType: "json", value: {
            need: args.data_version, nonce: Date.now() + Math.random(), selected: state.selected.slice(), seq: state.seq } });
        }
        setHeight();
        return;
      }
    } else if (!state.network || args.view_key !== state.viewKey) {
      state.viewKey = args.view_key; state.dataVersion = args.data_version;
      draw(args);
    } else if (args.data_version !== state.dataVersion) {
      state.dataVersion = args.data_version;
      update(args);
    }
    var selected = (args.selected || []).filter(function (id) { return state.nodes.get(id); });
    if (args.selection_seq !== undefined && args.selection_seq >= state.seq) {
      state.selected = selected; state.seq = args.selection_seq;
    }
    showSelection();
    if (args.focus && args.focus_seq !== state.focusSeq && state.nodes.get(args.focus)) {
      state.focusSeq = args.focus_seq;
      state.network.focus(args.focus, { scale: Math.max(state.network.getScale(), 1.0), animation: false });
      declutterSoon();
    }
    document.body.setAttribute("data-atlas-nodes", String(state.nodes.length));
    document.body.setAttribute("data-atlas-version", String(state.dataVersion));  // tests wait for an expansion
    setHeight();
  }

  window.addEventListener("message", function (event) {
    // The args come as one JSON string ("payload"; see graph_component in __init__.py).
    if (event.data && event.data.type === "streamlit:render") {
      var args = event.data.args || {};
      render(typeof args.payload === "string" ? JSON.parse(args.payload) : args);
    }
  });
  send("streamlit:componentReady", { apiVersion: 1 });
})();
