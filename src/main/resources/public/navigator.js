// Spectrum-image navigator: a click on the sum image fetches that pixel's spectrum and draws it as an SVG line.
(function () {
  "use strict";
  function draw(box, s) {
    var w = 640, h = 260, m = 36;
    var ys = s.y.map(function (v) { return v === null ? NaN : v; });
    var finite = ys.filter(function (v) { return isFinite(v); });
    var ymin = Math.min.apply(null, finite.concat([0])), ymax = Math.max.apply(null, finite.concat([1]));
    var x0 = s.x[0], x1 = s.x[s.x.length - 1];
    if (x1 === x0) { x1 = x0 + 1; }
    var pts = [];
    for (var i = 0; i < ys.length; i++) {
      if (!isFinite(ys[i])) { continue; }
      var px = m + (s.x[i] - x0) / (x1 - x0) * (w - 2 * m);
      var py = h - m - (ys[i] - ymin) / ((ymax - ymin) || 1) * (h - 2 * m);
      pts.push(px.toFixed(1) + "," + py.toFixed(1));
    }
    var ns = "http://www.w3.org/2000/svg";
    var svg = document.createElementNS(ns, "svg");
    svg.setAttribute("viewBox", "0 0 " + w + " " + h);
    svg.setAttribute("width", w);
    svg.setAttribute("height", h);
    svg.setAttribute("data-testid", "navigator-plot");
    var frame = document.createElementNS(ns, "rect");
    frame.setAttribute("x", m); frame.setAttribute("y", m); frame.setAttribute("width", w - 2 * m); frame.setAttribute("height", h - 2 * m);
    frame.setAttribute("fill", "none"); frame.setAttribute("stroke", "#999");
    svg.appendChild(frame);
    var line = document.createElementNS(ns, "polyline");
    line.setAttribute("points", pts.join(" "));
    line.setAttribute("fill", "none"); line.setAttribute("stroke", "#1f77b4"); line.setAttribute("stroke-width", "1.5");
    svg.appendChild(line);
    function label(text, x, y, anchor) {
      var t = document.createElementNS(ns, "text");
      t.setAttribute("x", x); t.setAttribute("y", y); t.setAttribute("font-size", "12"); t.setAttribute("text-anchor", anchor);
      t.textContent = text;
      svg.appendChild(t);
    }
    label(String(+x0.toPrecision(6)), m, h - m + 16, "start");
    label(String(+x1.toPrecision(6)), w - m, h - m + 16, "end");
    label((s.name || "channel") + (s.units ? " / " + s.units : ""), w / 2, h - 6, "middle");
    label("pixel (" + s.row + ", " + s.column + ")", m, m - 8, "start");
    box.replaceChildren(svg);
    box.setAttribute("data-pixel", s.row + "," + s.column);
  }
  document.querySelectorAll("img[data-navigator]").forEach(function (img) {
    // this signal's own box: the first one after its figure (an entry may hold several spectrum images)
    var box = img.closest("figure").nextElementSibling;
    while (box && !box.classList.contains("navigator-spectrum")) { box = box.nextElementSibling; }
    if (!box) { return; }
    img.style.cursor = "crosshair";
    img.addEventListener("click", function (ev) {
      var rows = +img.dataset.rows, cols = +img.dataset.columns;
      var r = img.getBoundingClientRect();
      var col = Math.min(cols - 1, Math.max(0, Math.floor((ev.clientX - r.left) / r.width * cols)));
      var row = Math.min(rows - 1, Math.max(0, Math.floor((ev.clientY - r.top) / r.height * rows)));
      fetch(img.dataset.navigator + "?row=" + row + "&column=" + col, {credentials: "same-origin", headers: {"Accept": "application/json"}})
        .then(function (res) { if (!res.ok) { throw new Error(res.status); } return res.json(); })
        .then(function (s) { draw(box, s); })
        .catch(function (e) { box.textContent = "spectrum unavailable (" + e.message + ")"; });
    });
  });
})();
