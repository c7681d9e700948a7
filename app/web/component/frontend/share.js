// The shared HTML file's drawing (app/web/share.py): vis-network data from #atlas-data, labels placed
// where they fit, a side panel with a clicked node's links, a PNG button (snapshot.js).
// Every text is set with textContent or drawn on the canvas; links were checked in Python.
(function () {
  "use strict";
  var data = JSON.parse(document.getElementById("atlas-data").textContent);
  var meta = JSON.parse(document.getElementById("atlas-meta").textContent);
  var container = document.getElementById("mynetwork");
  var panel = document.getElementById("atlas-panel");
  container.style.height = (meta.height || 720) + "px";
  var nodes = new vis.DataSet(data.nodes), edges = new vis.DataSet(data.edges);
  var options = Object.assign({}, data.options || {});
  options.interaction = Object.assign({}, options.interaction || {}, { hover: true });
  var network = new vis.Network(container, { nodes: nodes, edges: edges }, options);
  window.network = network;
  var bulk = data.bulk_edges ? window.atlasBulkEdges(network, data.bulk_edges) : null;

  // Labels: first by labelRank, each kept only where it covers no label kept before it (a
  // mustLabel node, a phenomenon hub, always keeps its own).  labelText is drawn here on the
  // canvas; a vis label (concept maps) is blanked where it would overlap.
  var measure = document.createElement("canvas").getContext("2d");
  var placed = [], native = {};
  function place() {
    var scale = network.getScale(), kept = [], blank = [];
    placed = [];
    var ranked = nodes.get({ filter: function (n) { return n.labelText || (n.labelRank !== undefined && n.shape !== "text"); } });
    ranked.sort(function (a, b) { return (a.labelRank === undefined ? 1e9 : a.labelRank) - (b.labelRank === undefined ? 1e9 : b.labelRank); });
    var where = network.getPositions(ranked.map(function (n) { return n.id; }));
    ranked.forEach(function (n) {
      var own = n.labelText !== undefined && n.labelText !== null;
      var text = own ? n.labelText : (native[n.id] === undefined ? (native[n.id] = n.label) : native[n.id]);
      if (!text || !String(text).trim() || !where[n.id]) return;
      var px = own ? (n.labelSize || 12) : Math.max(((n.font && n.font.size) || 14) * scale, 11);
      measure.font = (n.labelBold ? "bold " : "") + px + "px sans-serif";
      var p = network.canvasToDOM(where[n.id]), r = (n.size || 10) * scale + 2;
      var w = measure.measureText(text).width + 4, h = px * 1.2;
      var box = { x1: p.x - w / 2, x2: p.x + w / 2, y1: p.y + r, y2: p.y + r + h };
      var clash = kept.some(function (k) { return box.x1 < k.x2 && k.x1 < box.x2 && box.y1 < k.y2 && k.y1 < box.y2; });
      if (clash && !n.mustLabel) { if (!own) blank.push({ id: n.id, label: " " }); return; }
      kept.push(box);
      if (own) placed.push({ id: n.id, text: text, px: px, dy: r + h / 2, bold: n.labelBold });
      else blank.push({ id: n.id, label: text });
    });
    if (blank.length) nodes.update(blank);
    window.atlasLabelBoxes = kept;
    network.redraw();
  }
  network.on("afterDrawing", function (ctx) {
    var scale = network.getScale(), body = network.body.nodes;
    ctx.save(); ctx.textAlign = "center"; ctx.textBaseline = "middle"; ctx.lineJoin = "round";
    placed.forEach(function (l) {
      var node = body[l.id];
      if (!node) return;
      ctx.font = (l.bold ? "bold " : "") + (l.px / scale) + "px sans-serif";
      var y = node.y + l.dy / scale;
      ctx.lineWidth = 3 / scale; ctx.strokeStyle = "rgba(255,255,255,0.9)"; ctx.strokeText(l.text, node.x, y);
      ctx.fillStyle = "#111111"; ctx.fillText(l.text, node.x, y);
    });
    ctx.restore();
  });
  var timer = null;
  function placeSoon() { clearTimeout(timer); timer = setTimeout(place, 120); }
  network.on("zoom", placeSoon);
  network.on("dragEnd", placeSoon);

  // A click shows the node's name and its links (checked in Python: http(s), arXiv, DOI, atlas pages).
  network.on("click", function (params) {
    var node = params.nodes.length ? nodes.get(params.nodes[0]) : null;
    panel.textContent = "";
    if (!node) { panel.style.display = "none"; return; }
    var head = document.createElement("strong");
    head.textContent = String(node.title || node.labelText || node.label || node.id).split("\n")[0];
    panel.appendChild(head);
    (node.links || []).forEach(function (link) {
      var row = document.createElement("div"), a = document.createElement("a");
      a.href = link[1]; a.textContent = link[0]; a.rel = "noopener noreferrer";
      if (/^https?:/.test(link[1])) a.target = "_blank";
      row.appendChild(a); panel.appendChild(row);
    });
    panel.style.display = "block";
  });
  network.on("doubleClick", function (params) {
    var node = params.nodes.length === 1 ? nodes.get(params.nodes[0]) : null;
    var page = node && (node.links || []).filter(function (l) { return !/^https?:/.test(l[1]); })[0];
    if (page) window.location.href = page[1];
  });

  // What vis-network drew: nodes in its body, links whose two ends are drawn (edges and bulk rows).
  window.atlasDrawn = function () {
    var body = network.body, links = 0;
    Object.keys(body.edges).forEach(function (id) { var e = body.edges[id]; if (e.connected && body.nodes[e.fromId] && body.nodes[e.toId]) links += 1; });
    return { nodes: body.nodeIndices.length, links: links + (bulk ? bulk.count() : 0) };
  };
  // vis-network's fit() never zooms past 1: a small drawing is framed here, up to 1.2.
  function frame() {
    var ids = nodes.getIds(), x1 = Infinity, y1 = Infinity, x2 = -Infinity, y2 = -Infinity;
    ids.forEach(function (id) {
      var b = network.getBoundingBox(id);
      if (b) { x1 = Math.min(x1, b.left); y1 = Math.min(y1, b.top); x2 = Math.max(x2, b.right); y2 = Math.max(y2, b.bottom + 24); }
    });
    if (!ids.length || !isFinite(x1)) return;
    var w = container.clientWidth - 40, h = container.clientHeight - 40;
    var scale = Math.min(w / Math.max(x2 - x1, 1), h / Math.max(y2 - y1, 1), 1.2);
    network.moveTo({ position: { x: (x1 + x2) / 2, y: (y1 + y2) / 2 }, scale: scale, animation: false });
  }
  network.once("afterDrawing", function () {
    frame();
    place();
    network.once("afterDrawing", function () { document.body.setAttribute("data-atlas-ready", "1"); });
    network.redraw();
  });
})();
