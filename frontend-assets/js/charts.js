// Draws every <canvas data-chart> with Chart.js (served from the webjar); runs again after HTMX swaps.
(function () {
  'use strict';
  function draw(root) {
    if (!window.Chart) { return; }
    root.querySelectorAll('canvas[data-chart]').forEach(function (canvas) {
      if (canvas.dataset.drawn) { return; }
      canvas.dataset.drawn = '1';
      var data = JSON.parse(canvas.dataset.chart);
      var styles = getComputedStyle(document.documentElement);
      // Axis labels, legend and grid in the page's own colours: Chart.js's grey is unreadable on the dark scheme.
      window.Chart.defaults.color = styles.getPropertyValue('--muted').trim() || '#5a6072';
      window.Chart.defaults.borderColor = styles.getPropertyValue('--border').trim() || '#dde1ea';
      var datasets = [];
      if (data.total) {
        datasets.push({ type: 'bar', label: canvas.dataset.labelTotal, data: data.total, backgroundColor: styles.getPropertyValue('--primary').trim() || '#4f46e5', yAxisID: 'y' });
      }
      if (data.failed) {
        datasets.push({ type: 'bar', label: canvas.dataset.labelFailed, data: data.failed, backgroundColor: '#d92d20', yAxisID: 'y' });
      }
      if (data.cost) {
        datasets.push({ type: 'line', label: canvas.dataset.labelCost, data: data.cost, borderColor: '#d97706', backgroundColor: '#d97706', yAxisID: 'y2', tension: 0.3 });
      }
      var scales = { y: { beginAtZero: true, ticks: { precision: 0 } } };
      if (data.cost) { scales.y2 = { beginAtZero: true, position: 'right', grid: { drawOnChartArea: false } }; }
      new window.Chart(canvas, { data: { labels: data.labels, datasets: datasets }, options: { responsive: true, animation: false, scales: scales, plugins: { legend: { position: 'bottom' } } } });
    });
  }
  document.addEventListener('DOMContentLoaded', function () { draw(document); });
  document.addEventListener('htmx:afterSettle', function (e) { draw(e.target); });
  // The colours are read when drawing, so draw again when the colour scheme changes.
  if (window.matchMedia) {
    window.matchMedia('(prefers-color-scheme: dark)').addEventListener('change', function () {
      document.querySelectorAll('canvas[data-chart]').forEach(function (canvas) {
        var chart = window.Chart && window.Chart.getChart(canvas);
        if (chart) { chart.destroy(); }
        delete canvas.dataset.drawn;
      });
      draw(document);
    });
  }
})();
