// Large drawings: edges drawn straight onto the canvas, one path per style, instead of one
// vis-network Edge object each (vis builds and deep-copies options per edge: 50,000 edges cost
// seconds before the first frame).  bulk = {styles: [[colour, width], ...], rows: [[from, to, style], ...]}.
// Lines follow the nodes (read each frame), are hidden while dragging, and keep vis's minimum width.
window.atlasBulkEdges = function (network, bulk) {
  var state = { groups: [], dragging: false };
  function set(data) {
    state.groups = (data.styles || []).map(function (s) { return { colour: s[0], width: s[1], ends: [] }; });
    (data.rows || []).forEach(function (r) { var g = state.groups[r[2]]; if (g) g.ends.push(r[0], r[1]); });
  }
  set(bulk || {});
  network.on("dragStart", function (p) { state.dragging = !p.nodes.length; });
  network.on("dragEnd", function () { state.dragging = false; network.redraw(); });
  network.on("beforeDrawing", function (ctx) {
    if (state.dragging) return;
    var nodes = network.body.nodes, scale = network.getScale();
    state.groups.forEach(function (g) {
      ctx.beginPath();
      for (var i = 0; i < g.ends.length; i += 2) {
        var a = nodes[g.ends[i]], b = nodes[g.ends[i + 1]];
        if (!a || !b) continue;
        ctx.moveTo(a.x, a.y); ctx.lineTo(b.x, b.y);
      }
      ctx.strokeStyle = g.colour; ctx.lineWidth = Math.max(g.width, 0.3 / scale); ctx.stroke();
    });
  });
  function count() {  // rows whose two ends are drawn
    var nodes = network.body.nodes, n = 0;
    state.groups.forEach(function (g) { for (var i = 0; i < g.ends.length; i += 2) if (nodes[g.ends[i]] && nodes[g.ends[i + 1]]) n += 1; });
    return n;
  }
  return { set: function (data) { set(data || {}); network.redraw(); }, count: count };
};
