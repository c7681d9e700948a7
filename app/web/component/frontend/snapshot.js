// A drawing as one PNG: the canvas (nodes, links and the labels drawn on it) on white, with the
// page's title and caption above and its legend (#atlas-legend) below, all drawn as canvas text.
// Used by the graph component and by the shared HTML file; texts come from the page (textContent).
(function () {
  "use strict";
  function legendRows() {
    var rows = [];
    document.querySelectorAll("#atlas-legend > div").forEach(function (div) {
      var mark = div.querySelector("svg circle, svg polygon, svg rect, svg line");
      var colour = mark ? (mark.getAttribute("fill") || mark.getAttribute("stroke")) : "#888888";
      if (mark && mark.tagName.toLowerCase() === "line") colour = mark.getAttribute("stroke");
      rows.push({ text: (div.textContent || "").trim(), colour: colour || "#888888", line: !!(mark && mark.tagName.toLowerCase() === "line") });
    });
    return rows;
  }
  function text(id) { var el = document.getElementById(id); return el ? (el.textContent || "").trim() : ""; }

  // The PNG as a data URL (ratio: device pixels per CSS pixel of the drawing's canvas).
  window.atlasSnapshotPng = function (network) {
    var source = network.canvas.frame.canvas;
    var w = source.width, ratio = w / Math.max(source.clientWidth, 1);
    var title = text("atlas-title"), caption = text("atlas-caption"), rows = legendRows();
    var pad = 12 * ratio, line = 20 * ratio;
    var probe = document.createElement("canvas").getContext("2d");
    probe.font = (13 * ratio) + "px sans-serif";
    var x = pad, lines = 1;
    rows.forEach(function (r) {
      var need = 34 * ratio + probe.measureText(r.text).width + 14 * ratio;
      if (x + need > w - pad && x > pad) { lines += 1; x = pad; }
      x += need;
    });
    var head = (title ? 28 * ratio : 0) + (caption ? line : 0) + (title || caption ? pad : 0);
    var foot = rows.length ? lines * line + pad : 0;
    var out = document.createElement("canvas");
    out.width = w; out.height = head + source.height + foot;
    var ctx = out.getContext("2d");
    ctx.fillStyle = "#ffffff"; ctx.fillRect(0, 0, out.width, out.height);
    ctx.fillStyle = "#111111"; ctx.textBaseline = "middle";
    if (title) { ctx.font = "bold " + (20 * ratio) + "px sans-serif"; ctx.fillText(title, pad, pad + 10 * ratio, w - 2 * pad); }
    if (caption) { ctx.font = (13 * ratio) + "px sans-serif"; ctx.fillStyle = "#333333"; ctx.fillText(caption, pad, (title ? 28 * ratio : 0) + pad + 6 * ratio, w - 2 * pad); }
    ctx.drawImage(source, 0, head);
    ctx.font = (13 * ratio) + "px sans-serif";
    x = pad; var y = head + source.height + pad / 2 + line / 2;
    rows.forEach(function (r) {
      var need = 34 * ratio + ctx.measureText(r.text).width + 14 * ratio;
      if (x + need > w - pad && x > pad) { y += line; x = pad; }
      ctx.fillStyle = r.colour; ctx.strokeStyle = r.colour;
      if (r.line) { ctx.lineWidth = 2.5 * ratio; ctx.beginPath(); ctx.moveTo(x, y); ctx.lineTo(x + 26 * ratio, y); ctx.stroke(); }
      else { ctx.beginPath(); ctx.arc(x + 10 * ratio, y, 6 * ratio, 0, 2 * Math.PI); ctx.fill(); }
      ctx.fillStyle = "#111111"; ctx.fillText(r.text, x + 32 * ratio, y);
      x += need;
    });
    return out.toDataURL("image/png");
  };

  window.atlasDownload = function (url, name) {
    var a = document.createElement("a");
    a.href = url; a.download = name; a.style.display = "none";
    document.body.appendChild(a); a.click(); a.remove();
  };

  // A "Download PNG" button (#atlas-png) on the page saves the drawing in window.network.
  document.addEventListener("click", function (event) {
    var button = event.target && event.target.closest ? event.target.closest("#atlas-png") : null;
    if (!button || !window.network) return;
    var name = (text("atlas-title") || "phenomena-atlas").toLowerCase().replace(/[^a-z0-9]+/g, "-").replace(/^-|-$/g, "");
    window.atlasDownload(window.atlasSnapshotPng(window.network), (name || "drawing") + ".png");
  });
})();
