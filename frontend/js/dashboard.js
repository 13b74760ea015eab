// Dashboard charts. Each <canvas data-chart="{...}"> carries its data as JSON (built by the server);
// this script draws it with Chart.js. No inline script: the Content-Security-Policy forbids it.
(function () {
  'use strict';

  // The status colours of mailward.css, so that a chart and a badge say the same thing.
  var COLOURS = {
    PASS: '#157f3b', WARN: '#d89a00', FAIL: '#b42318', ERROR: '#6b21a8', ACCEPTED: '#0284c7',
    NOT_APPLICABLE: '#9aa3ae', NOT_MEASURED: '#d9dde3', score: '#1d4ed8'
  };

  function histogram(canvas, d) {
    return new Chart(canvas, {
      type: 'bar',
      data: {
        labels: d.labels,
        datasets: d.series.map(function (s) {
          return { label: s.label, data: s.data, borderRadius: 3,
            backgroundColor: d.labels.map(function (_, i) {
              return i < 5 ? COLOURS.FAIL : (i < 8 ? COLOURS.WARN : COLOURS.PASS);
            }) };
        })
      },
      options: { maintainAspectRatio: false, animation: false, plugins: { legend: { display: false } },
        scales: { y: { beginAtZero: true, ticks: { precision: 0 } } } }
    });
  }

  function compliance(canvas, d) {
    return new Chart(canvas, {
      type: 'bar',
      data: {
        labels: d.labels,
        datasets: d.series.map(function (s) {
          return { label: s.label, data: s.data, backgroundColor: COLOURS[s.status] || '#888', borderWidth: 0 };
        })
      },
      options: {
        indexAxis: 'y', maintainAspectRatio: false, animation: false,
        plugins: {
          legend: { position: 'bottom', labels: { boxWidth: 12 } },
          tooltip: { callbacks: { label: function (c) { return c.dataset.label + ': ' + c.parsed.x + ' %'; } } }
        },
        scales: { x: { stacked: true, max: 100, ticks: { callback: function (v) { return v + ' %'; } } },
          y: { stacked: true } }
      }
    });
  }

  function trend(canvas, d) {
    return new Chart(canvas, {
      type: 'line',
      data: {
        labels: d.labels,
        datasets: d.series.map(function (s) {
          return { label: s.label, data: s.data, borderColor: COLOURS.score, backgroundColor: 'rgba(29,78,216,.08)',
            fill: true, tension: 0.25, pointRadius: d.labels.length > 40 ? 0 : 2 };
        })
      },
      options: { maintainAspectRatio: false, animation: false, plugins: { legend: { display: false } },
        scales: { y: { suggestedMin: 0, suggestedMax: 100 } } }
    });
  }

  var KINDS = { histogram: histogram, compliance: compliance, trend: trend };

  function draw() {
    if (typeof Chart === 'undefined') {
      return;
    }
    document.querySelectorAll('canvas[data-chart]').forEach(function (canvas) {
      var d;
      try {
        d = JSON.parse(canvas.getAttribute('data-chart'));
      } catch (e) {
        return;
      }
      if (!d.labels || d.labels.length === 0 || !KINDS[d.type]) {
        canvas.parentElement.classList.add('chart-empty');
        return;
      }
      KINDS[d.type](canvas, d);
    });
  }

  if (document.readyState === 'loading') {
    document.addEventListener('DOMContentLoaded', draw);
  } else {
    draw();
  }
})();
