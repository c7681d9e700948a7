// The shared HTML file's drawing (app/web/share.py): vis-network data from #atlas-data, labels placed
// where they fit (labels.js), a side panel with a clicked node's links, a PNG button (snapshot.js).
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

  // Labels only where they fit, at a readable size (labels.js, as in the app).
  var labeller = window.atlasLabels(network, nodes, container);
  network.on("afterDrawing", labeller.draw);
  var timer = null;
  function placeSoon() { clearTimeout(timer); timer = setTimeout(labeller.declutter, 150); }
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
    labeller.declutter();
    network.once("afterDrawing", function () { document.body.setAttribute("data-atlas-ready", "1"); });
    network.redraw();
  });
})();
