// Draws each entry series with uPlot: drag to zoom, double-click to reset, hover shows values.
(function () {
  document.querySelectorAll('.plot').forEach(function (el) {
    var spec = JSON.parse(document.getElementById(el.id + '-data').textContent);
    var colours = ['#1f6feb', '#d1242f', '#1a7f37', '#9a6700', '#8250df', '#bf3989'];
    var series = [{ label: spec.xLabel }];
    spec.yLabels.forEach(function (label, i) {
      series.push({ label: label, stroke: colours[i % colours.length], width: 1.2, points: { show: false } });
    });
    var width = Math.max(320, el.clientWidth || 800);
    var opts = {
      title: spec.title,
      width: width,
      height: Math.round(Math.min(420, width * 0.5)),
      scales: { x: { time: false } },
      axes: [{ label: spec.xLabel }, { label: spec.yLabels.length === 1 ? spec.yLabels[0] : '' }],
      series: series,
      cursor: { drag: { x: true, y: false } }
    };
    var plot = new uPlot(opts, spec.data, el);
    window.addEventListener('resize', function () {
      var w = Math.max(320, el.clientWidth);
      plot.setSize({ width: w, height: Math.round(Math.min(420, w * 0.5)) });
    });
  });
})();
