// The usage chart (Chart.js from the webjar). Data and labels come from data- attributes of the canvas, so no
// inline script is needed; the chart is rebuilt whenever HTMX swaps the results region in.
(function () {
  'use strict';
  var chart = null;
  function draw() {
    var canvas = document.getElementById('usage-chart');
    if (chart) { chart.destroy(); chart = null; }
    if (!canvas || typeof window.Chart === 'undefined') { return; }
    var data;
    try { data = JSON.parse(canvas.getAttribute('data-chart') || '{}'); } catch (e) { return; }
    var styles = getComputedStyle(document.documentElement);
    var accent = (styles.getPropertyValue('--primary') || '').trim() || '#6d4aff';
    // Axis labels, legend and grid in the page's own colours: Chart.js's grey is unreadable on the dark scheme.
    window.Chart.defaults.color = (styles.getPropertyValue('--muted') || '').trim() || '#5a6072';
    window.Chart.defaults.borderColor = (styles.getPropertyValue('--border') || '').trim() || '#dde1ea';
    chart = new window.Chart(canvas, {
      data: {
        labels: data.labels || [],
        datasets: [
          { type: 'bar', label: canvas.getAttribute('data-label-requests'), data: data.requests || [], yAxisID: 'y',
            backgroundColor: accent },
          { type: 'line', label: canvas.getAttribute('data-label-cost'), data: data.cost || [], yAxisID: 'cost',
            borderColor: '#d97706', backgroundColor: '#d97706', tension: 0.2, pointRadius: 2 }
        ]
      },
      options: {
        responsive: true, maintainAspectRatio: false, animation: false,
        interaction: { mode: 'index', intersect: false },
        scales: {
          y: { beginAtZero: true, position: 'left', ticks: { precision: 0 } },
          cost: { beginAtZero: true, position: 'right', grid: { drawOnChartArea: false } }
        }
      }
    });
  }
  document.addEventListener('DOMContentLoaded', draw);
  document.addEventListener('htmx:afterSettle', function (event) {
    if (event.target && (event.target.id === 'usage-results' || document.getElementById('usage-results'))) { draw(); }
  });
  // The colours are read when drawing, so draw again when the colour scheme changes.
  if (window.matchMedia) { window.matchMedia('(prefers-color-scheme: dark)').addEventListener('change', draw); }
  if (document.readyState !== 'loading') { draw(); }
})();
