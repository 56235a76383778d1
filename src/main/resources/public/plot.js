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
    window.addEventListener('resize', function () {
      var w = Math.max(240, el.clientWidth);
      plot.setSize({ width: square ? Math.min(w, 640) : w, height: height(w) });
    });
    return plot;
  }
  window.matdxPlot = draw;
  document.querySelectorAll('.plot').forEach(function (el) {
    var data = document.getElementById(el.id + '-data');
    if (data) draw(el, JSON.parse(data.textContent));
  });
})();
