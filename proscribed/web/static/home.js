// The home chart: listings per month (bars) and the cumulative total per registry (lines).
// Data comes from the page itself (<script type="application/json" id="chart-data">), the
// same dict /api/stats/timeline returns; nothing is fetched from elsewhere.
(function () {
  "use strict";
  var node = document.getElementById("chart-data");
  var canvas = document.getElementById("chart");
  if (!node || !canvas || typeof Chart === "undefined") { return; }
  var data = JSON.parse(node.textContent);
  var colours = ["#8b1a1a", "#17457a", "#b8860b", "#2e6b30", "#6a3d9a"];
  var datasets = [];
  data.series.forEach(function (s, i) {
    if (s.listed.every(function (n) { return n === 0; })) { return; }
    datasets.push({ type: "bar", label: s.registry + " listed per month", data: s.listed,
                    backgroundColor: colours[i % colours.length], stack: "listed", yAxisID: "y" });
    datasets.push({ type: "line", label: s.registry + " total", data: s.cumulative, borderColor: colours[i % colours.length],
                    backgroundColor: colours[i % colours.length], pointRadius: 0, borderWidth: 2, yAxisID: "y1" });
  });
  var chart = new Chart(canvas, {
    data: { labels: data.periods, datasets: datasets },
    options: {
      responsive: true, maintainAspectRatio: false, animation: false,
      interaction: { mode: "index", intersect: false },
      scales: {
        x: { stacked: true, ticks: { maxTicksLimit: 12 } },
        y: { stacked: true, position: "left", title: { display: true, text: "listed per month" } },
        y1: { position: "right", grid: { drawOnChartArea: false }, title: { display: true, text: "total" } }
      },
      plugins: { legend: { position: "bottom", labels: { boxWidth: 12 } } }
    }
  });
  canvas.setAttribute("data-rendered", String(chart.data.datasets.length));
})();
