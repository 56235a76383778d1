// Draws plots with uPlot: drag to zoom, double-click to reset, hover shows values. Each `.plot`
// element with a `<id>-data` JSON script is drawn on load; window.matdxPlot(el, spec) draws one
// from a script (the model card's parity plot). A spec gives xLabel, yLabels, data (columns,
// x first and ascending) and optionally yAxis (the y axis title when several series share it),
// xWhole (x values are counts: whole-number ticks only)
// and styles per y series: {points: true} marks points, {line: false} draws none (a scatter),
// {spanGaps: true} joins points across missing values (a front drawn over a scatter's x values).
(function () {
  var colours = ['#1f6feb', '#d1242f', '#1a7f37', '#9a6700', '#8250df', '#bf3989'];
  // The y axis as wide as its widest tick label: uPlot's fixed 50 px puts the axis title over
  // six-digit counts ("250,000"). uPlot calls this until the ticks settle; axis.font is
  // [font in device pixels, its size in device pixels, its size in CSS pixels].
  function yAxisSize(u, values, axisIdx, cycle) {
    var axis = u.axes[axisIdx];
    if (cycle > 1 && axis._size) return axis._size;
    var ctx = u.ctx;
    ctx.save();
    ctx.font = axis.font[0];
    var widest = 0;
    (values || []).forEach(function (v) { if (v != null) widest = Math.max(widest, ctx.measureText(String(v)).width); });
    ctx.restore();
    var deviceToCss = axis.font[2] / axis.font[1];
    return Math.max(50, Math.ceil(widest * deviceToCss + (axis.ticks.show === false ? 0 : axis.ticks.size) + axis.gap + 4));
  }
  function draw(el, spec) {
    var series = [{ label: spec.xLabel }];
    spec.yLabels.forEach(function (label, i) {
      var st = (spec.styles || [])[i] || {};
      var colour = st.colour || colours[i % colours.length];
      var s = { label: label, stroke: colour, width: st.line === false ? 0 : (st.width || 1.2),
                points: { show: !!st.points, size: st.size || 6, fill: st.fill || colour, stroke: colour } };
      if (st.line === false) s.paths = function () { return null; };
      if (st.spanGaps) s.spanGaps = true;
      if (st.dash) s.dash = st.dash;
      series.push(s);
    });
    var width = Math.max(240, el.clientWidth || 800);
    var square = !!spec.square;
    // Half the width on a desktop; on a phone that leaves ~100 px between the axes, too flat for
    // peaks, so never below 280 px (the axes and their titles take ~80).
    function height(w) { return square ? Math.round(Math.min(480, w * 0.8)) : Math.round(Math.max(280, Math.min(420, w * 0.5))); }
    var opts = {
      title: spec.title,
      width: square ? Math.min(width, 640) : width,
      height: height(width),
      scales: { x: { time: false } },
      axes: [spec.xWhole ? { label: spec.xLabel, incrs: [1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 2000, 5000] } : { label: spec.xLabel },
             { label: spec.yAxis || (spec.yLabels.length === 1 ? spec.yLabels[0] : ''), size: yAxisSize }],
      series: series,
      cursor: { drag: { x: true, y: false } }
    };
    var plot = new uPlot(opts, spec.data, el);
    el.uplot = plot;
    exports(el, spec, plot);
    window.addEventListener('resize', function () {
      var w = Math.max(240, el.clientWidth);
      plot.setSize({ width: square ? Math.min(w, 640) : w, height: height(w) });
    });
    return plot;
  }
  // Export as a user of any plotting program expects: the picture as PNG (what is on screen) and as
  // SVG (vector, whole range), and the numbers as CSV. Built from what the page already holds.
  var words = document.documentElement.lang === 'ja'
    ? { title: 'ダウンロード', png: '画像（PNG）', svg: 'ベクター画像（SVG）', csv: 'データ（CSV）' }
    : { title: 'Download', png: 'picture (PNG)', svg: 'vector picture (SVG)', csv: 'data (CSV)' };
  function save(name, blob) {
    var a = document.createElement('a');
    a.href = URL.createObjectURL(blob);
    a.download = name;
    document.body.appendChild(a);
    a.click();
    setTimeout(function () { URL.revokeObjectURL(a.href); a.remove(); }, 1000);
  }
  function fileName(el, spec, ext) {
    var base = (spec.title || document.title || 'plot').replace(/[^A-Za-z0-9._-]+/g, '_').replace(/^_+|_+$/g, '');
    return (base || 'plot') + (el.id ? '-' + el.id : '') + '.' + ext;
  }
  function csvCell(v) {
    if (v == null) return '';
    var t = String(v);
    // a cell a spreadsheet would run as a formula is quoted with a leading apostrophe (OWASP)
    if (/^[=+\-@\t\r]/.test(t) && isNaN(Number(t))) t = "'" + t;
    return /[",\n\r]/.test(t) ? '"' + t.replace(/"/g, '""') + '"' : t;
  }
  function csv(spec) {
    var rows = [[spec.xLabel].concat(spec.yLabels).map(csvCell).join(',')];
    for (var i = 0; i < spec.data[0].length; i++) {
      rows.push(spec.data.map(function (col) { return csvCell(col[i]); }).join(','));
    }
    return rows.join('\r\n') + '\r\n';
  }
  function esc(t) {
    return String(t).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
  }
  function svg(spec) {
    var W = 800, H = 480, L = 80, R = 20, T = spec.title ? 40 : 20, B = 60;
    var xs = spec.data[0], xmin = Infinity, xmax = -Infinity, ymin = Infinity, ymax = -Infinity;
    xs.forEach(function (x) { if (x != null) { xmin = Math.min(xmin, x); xmax = Math.max(xmax, x); } });
    spec.data.slice(1).forEach(function (col) { col.forEach(function (y) { if (y != null) { ymin = Math.min(ymin, y); ymax = Math.max(ymax, y); } }); });
    if (!(xmax > xmin)) { xmax = xmin + 1; }
    if (!(ymax > ymin)) { ymax = ymin + 1; }
    var sx = function (x) { return L + (x - xmin) / (xmax - xmin) * (W - L - R); };
    var sy = function (y) { return H - B - (y - ymin) / (ymax - ymin) * (H - T - B); };
    var out = ['<svg xmlns="http://www.w3.org/2000/svg" width="' + W + '" height="' + H + '" viewBox="0 0 ' + W + ' ' + H
      + '" font-family="sans-serif" font-size="12">', '<rect width="100%" height="100%" fill="#ffffff"/>'];
    if (spec.title) out.push('<text x="' + W / 2 + '" y="24" text-anchor="middle" font-size="14">' + esc(spec.title) + '</text>');
    out.push('<rect x="' + L + '" y="' + T + '" width="' + (W - L - R) + '" height="' + (H - T - B) + '" fill="none" stroke="#59636e"/>');
    for (var k = 0; k <= 4; k++) {
      var xv = xmin + (xmax - xmin) * k / 4, yv = ymin + (ymax - ymin) * k / 4;
      out.push('<text x="' + sx(xv) + '" y="' + (H - B + 16) + '" text-anchor="middle">' + Number(xv.toPrecision(4)) + '</text>');
      out.push('<text x="' + (L - 6) + '" y="' + (sy(yv) + 4) + '" text-anchor="end">' + Number(yv.toPrecision(4)) + '</text>');
    }
    out.push('<text x="' + (L + (W - L - R) / 2) + '" y="' + (H - 16) + '" text-anchor="middle">' + esc(spec.xLabel) + '</text>');
    var yTitle = spec.yAxis || (spec.yLabels.length === 1 ? spec.yLabels[0] : '');
    out.push('<text transform="translate(16,' + (T + (H - T - B) / 2) + ') rotate(-90)" text-anchor="middle">' + esc(yTitle) + '</text>');
    spec.data.slice(1).forEach(function (col, i) {
      var st = (spec.styles || [])[i] || {};
      var colour = st.colour || colours[i % colours.length];
      var pts = [];
      col.forEach(function (y, j) { if (y != null && xs[j] != null) pts.push(sx(xs[j]).toFixed(2) + ',' + sy(y).toFixed(2)); });
      if (st.line !== false) {
        out.push('<polyline fill="none" stroke="' + colour + '" stroke-width="1.2" points="' + pts.join(' ') + '"><title>'
          + esc(spec.yLabels[i]) + '</title></polyline>');
      }
      if (st.points || st.line === false) {
        pts.forEach(function (p) { var c = p.split(','); out.push('<circle cx="' + c[0] + '" cy="' + c[1] + '" r="3" fill="' + colour + '"/>'); });
      }
    });
    out.push('</svg>');
    return out.join('\n');
  }
  function exports(el, spec, plot) {
    if (el.nextElementSibling && el.nextElementSibling.classList.contains('plot-export')) return;
    var bar = document.createElement('p');
    bar.className = 'plot-export';
    bar.setAttribute('data-testid', 'plot-export');
    bar.appendChild(document.createTextNode(words.title + ': '));
    [['png', words.png], ['svg', words.svg], ['csv', words.csv]].forEach(function (kind, i) {
      var b = document.createElement('button');
      b.type = 'button';
      b.className = 'link';
      b.setAttribute('data-export', kind[0]);
      b.textContent = kind[1];
      b.addEventListener('click', function () {
        if (kind[0] === 'csv') save(fileName(el, spec, 'csv'), new Blob([csv(spec)], { type: 'text/csv' }));
        else if (kind[0] === 'svg') save(fileName(el, spec, 'svg'), new Blob([svg(spec)], { type: 'image/svg+xml' }));
        else plot.ctx.canvas.toBlob(function (png) { save(fileName(el, spec, 'png'), png); }, 'image/png');
      });
      if (i > 0) bar.appendChild(document.createTextNode(' · '));
      bar.appendChild(b);
    });
    el.insertAdjacentElement('afterend', bar);
  }
  window.matdxPlot = draw;
  document.querySelectorAll('.plot').forEach(function (el) {
    var data = document.getElementById(el.id + '-data');
    if (data) draw(el, JSON.parse(data.textContent));
  });
})();
