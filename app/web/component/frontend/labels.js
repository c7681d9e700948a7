// Labels of a vis-network drawing, only where they fit: shared by the graph component (main.js) and
// the shared HTML file (share.js).  atlasLabels(network, nodes DataSet, container) returns
// {declutter(), draw(ctx), forget(id)}: call declutter after a zoom or drag, draw on "afterDrawing".
window.atlasLabels = function (network, nodes, container) {
  "use strict";
  var state = { network: network, nodes: nodes, labels: {}, placed: [] };
  // Labels: only where they fit.  Candidates (hubs, highlighted papers, group names) carry a
  // labelRank; at the current zoom each keeps its label unless it would overlap one ranked before
  // it.  Labels are drawn at a readable size on screen (>= 12 px) whatever the zoom.
  var measure = document.createElement("canvas").getContext("2d");
  function declutter() {
    var net = state.network;
    var scale = net.getScale();
    var candidates = state.nodes.get({ filter: function (n) { return n.labelRank !== undefined && n.labelText === undefined; } });
    candidates.sort(function (a, b) { return a.labelRank - b.labelRank; });
    var positions = net.getPositions(candidates.map(function (n) { return n.id; }));
    var kept = [], updates = [];
    candidates.forEach(function (n) {
      var text = state.labels[n.id];
      if (text === undefined) { text = state.labels[n.id] = n.label; }
      var base = (n.font && n.font.size) || 14;
      var canvasSize = Math.max(base, (n.kind === "label" ? 15 : 12) / scale);
      var screen = canvasSize * scale;
      measure.font = screen + "px arial";
      var lines = String(text).split("\n");
      var w = Math.max.apply(null, lines.map(function (l) { return measure.measureText(l).width; })) + 6;
      var h = screen * 1.25 * lines.length;
      var p = net.canvasToDOM(positions[n.id]);
      var cy = n.shape === "text" ? p.y : p.y + (n.size || 10) * scale + h / 2 + 2;
      var box = { x1: p.x - w / 2, x2: p.x + w / 2, y1: cy - h / 2, y2: cy + h / 2, id: n.id };
      var clash = kept.some(function (k) { return box.x1 < k.x2 && k.x1 < box.x2 && box.y1 < k.y2 && k.y1 < box.y2; });
      var font = Object.assign({}, n.font || {}, { size: canvasSize });
      if (clash) { updates.push({ id: n.id, label: n.shape === "text" ? " " : " ", font: font }); }
      else { kept.push(box); updates.push({ id: n.id, label: text, font: font }); }
    });
    state.nodes.update(updates);
    placeLabels(kept);
    window.atlasLabelBoxes = kept;  // read by the browser tests: no two of these overlap
    if (state.placed.length) requestAnimationFrame(function () { net.redraw(); });
  }

  // Labels we draw ourselves (nodes with labelText; the multi-layer drawing): a fixed screen size
  // (labelSize px, sized by weight and capped), placed beside their node where they cover no other
  // label, no node and stay inside the canvas; first by labelRank.  A mustLabel node (a phenomenon
  // hub) always keeps its label: at a smaller size or, if nothing fits, at its least crowded place.
  // Where a label may go, as [x side, y side, x shift in label widths]: below, above, right, left,
  // the corners, then below and above shifted half a label either way.
  var SPOTS = [[0, 1, 0], [0, -1, 0], [1, 0, 0], [-1, 0, 0], [1, 1, 0], [-1, 1, 0], [1, -1, 0], [-1, -1, 0],
               [0, 1, 0.5], [0, 1, -0.5], [0, -1, 0.5], [0, -1, -0.5]];
  var GAPS = [2, 12, 28];  // extra distance from the node tried, in pixels: hubs try all
  function placeLabels(kept) {
    var net = state.network;
    var cands = state.nodes.get({ filter: function (n) { return n.labelText !== undefined && n.labelText !== null; } });
    state.placed = [];
    if (!cands.length) return;
    cands.sort(function (a, b) { return a.labelRank - b.labelRank; });
    var scale = net.getScale(), w = container.clientWidth, h = container.clientHeight;
    var all = state.nodes.get({ filter: function (n) { return n.shape !== "text"; } });
    var where = net.getPositions(all.map(function (n) { return n.id; }));
    var discs = all.map(function (n) {
      var p = net.canvasToDOM(where[n.id]), r = ((n.size || 10) + (n.borderWidth || 1)) * scale + 1;
      return { id: n.id, x1: p.x - r, x2: p.x + r, y1: p.y - r, y2: p.y + r };
    }).filter(function (b) { return b.x2 > 0 && b.x1 < w && b.y2 > 0 && b.y1 < h; });
    function overlap(a, b) { return a.x1 < b.x2 && b.x1 < a.x2 && a.y1 < b.y2 && b.y1 < a.y2; }
    function crowd(box, id) {
      var n = 0;
      if (box.x1 < 0 || box.y1 < 0 || box.x2 > w || box.y2 > h) n += 100;
      kept.forEach(function (k) { if (overlap(box, k)) n += 10; });
      discs.forEach(function (d) { if (d.id !== id && overlap(box, d)) n += 1; });
      return n;
    }
    cands.forEach(function (n) {
      var c = where[n.id] ? net.canvasToDOM(where[n.id]) : null;
      if (!c) return;
      var r = ((n.size || 10) + (n.borderWidth || 1)) * scale + 2, best = null;
      var sizes = n.mustLabel ? [n.labelSize || 14, 12, 10] : [n.labelSize || 12];
      sizes.some(function (px) {
        measure.font = (n.labelBold ? "bold " : "") + px + "px sans-serif";
        var tw = measure.measureText(n.labelText).width + 4, th = px * 1.2;
        return (n.mustLabel ? GAPS : GAPS.slice(0, 1)).some(function (gap) { return SPOTS.some(function (s) {
          var cx = c.x + s[0] * (r + gap + tw / 2) + s[2] * tw, cy = c.y + s[1] * (r + gap + th / 2);
          var box = { x1: cx - tw / 2, x2: cx + tw / 2, y1: cy - th / 2, y2: cy + th / 2, id: n.id };
          var score = crowd(box, n.id);
          if (!best || score < best.score) best = { score: score, box: box, px: px, dx: cx - c.x, dy: cy - c.y };
          return score === 0;
        }); });
      });
      if (best && (best.score === 0 || n.mustLabel)) {
        kept.push(best.box);
        state.placed.push({ id: n.id, text: n.labelText, px: best.px, dx: best.dx, dy: best.dy, bold: n.labelBold });
      }
    });
  }

  // Draws the placed labels each frame, following their nodes (offsets are in screen pixels).
  function drawLabels(ctx) {
    if (!state.placed || !state.placed.length) return;
    var net = state.network, scale = net.getScale(), nodes = net.body.nodes;
    ctx.save();
    ctx.textAlign = "center"; ctx.textBaseline = "middle"; ctx.lineJoin = "round";
    state.placed.forEach(function (l) {
      var node = nodes[l.id];
      if (!node) return;
      ctx.font = (l.bold ? "bold " : "") + (l.px / scale) + "px sans-serif";
      var x = node.x + l.dx / scale, y = node.y + l.dy / scale;
      ctx.lineWidth = 3 / scale; ctx.strokeStyle = "rgba(255,255,255,0.9)"; ctx.strokeText(l.text, x, y);
      ctx.fillStyle = "#111111"; ctx.fillText(l.text, x, y);
    });
    ctx.restore();
  }

  return { declutter: declutter, draw: drawLabels, forget: function (id) { delete state.labels[id]; } };
};
