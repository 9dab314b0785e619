// The dashboard's charts, drawn from its JSON endpoint; a click on a bar or a slice opens its list.
(function () {
  "use strict";
  const root = document.getElementById("dashboard");
  if (!root || !window.EscalationsCharts) return;
  const { draw } = window.EscalationsCharts;

  // The bar or slice under the pointer (not every element the tooltip lists), or undefined.
  function hit(event, chart) {
    return chart.getElementsAtEventForMode(event.native, "point", { intersect: true }, true)[0];
  }

  function openOnClick(urlOf) {
    return {
      onClick(event, _elements, chart) {
        const element = hit(event, chart);
        if (element) window.location.assign(urlOf(element));
      },
      onHover(event, _elements, chart) {
        chart.canvas.style.cursor = hit(event, chart) ? "pointer" : "default";
      }
    };
  }

  function integerAxis(stacked) {
    return { stacked, beginAtZero: true, ticks: { precision: 0 }, grid: { color: "#eef0f2" } };
  }

  function severityChart(open) {
    const rows = open.by_severity;
    const empty = rows.every((row) => row.count === 0);
    return draw("chart-severity", {
      type: "doughnut",
      data: {
        labels: rows.map((row) => row.name),
        datasets: [{
          data: empty ? [1] : rows.map((row) => row.count),
          backgroundColor: empty ? ["#e9ecef"] : rows.map((row) => row.color),
          borderWidth: 2
        }]
      },
      options: {
        maintainAspectRatio: false,
        cutout: "62%",
        plugins: { legend: { display: false }, tooltip: { enabled: !empty } },
        ...openOnClick((element) => rows[element.index].url)
      },
      plugins: [centreText(String(open.count), "open")]
    });
  }

  // The total written in the doughnut's hole.
  function centreText(value, label) {
    return {
      id: "centreText",
      afterDraw(chart) {
        const { ctx, chartArea } = chart;
        const x = (chartArea.left + chartArea.right) / 2;
        const y = (chartArea.top + chartArea.bottom) / 2;
        ctx.save();
        ctx.textAlign = "center";
        ctx.fillStyle = "#212529";
        ctx.font = `600 28px ${chart.options.font?.family || "sans-serif"}`;
        ctx.fillText(value, x, y + 4);
        ctx.fillStyle = "#6c757d";
        ctx.font = `13px ${chart.options.font?.family || "sans-serif"}`;
        ctx.fillText(label, x, y + 24);
        ctx.restore();
      }
    };
  }

  function waitingChart(waiting) {
    const rows = waiting.by_age;
    return draw("chart-waiting", {
      type: "bar",
      data: {
        labels: rows.map((row) => row.label),
        datasets: [{
          label: "Waiting for a decision",
          data: rows.map((row) => row.count),
          backgroundColor: rows.map((row) => row.color),
          borderRadius: 4,
          maxBarThickness: 56
        }]
      },
      options: {
        maintainAspectRatio: false,
        plugins: { legend: { display: false } },
        scales: { x: { grid: { display: false } }, y: integerAxis(false) },
        ...openOnClick((element) => rows[element.index].url)
      }
    });
  }

  function weeklyChart(id, weeks, series) {
    return draw(id, {
      type: "bar",
      data: {
        labels: weeks.map((week) => week.label),
        datasets: series.map((s) => ({
          label: s.label,
          data: s.counts,
          backgroundColor: s.color,
          borderRadius: 2,
          maxBarThickness: 40
        }))
      },
      options: {
        maintainAspectRatio: false,
        interaction: { mode: "index", intersect: false },
        plugins: { legend: { position: "bottom", labels: { boxWidth: 12 } } },
        scales: { x: { stacked: true, grid: { display: false } }, y: integerAxis(true) },
        ...openOnClick((element) => series[element.datasetIndex].urls[element.index])
      }
    });
  }

  async function drawAll() {
    const response = await fetch(root.dataset.source, { headers: { Accept: "application/json" } });
    const figures = await response.json();
    if (!response.ok) throw new Error(figures.error || response.statusText);
    severityChart(figures.open);
    waitingChart(figures.waiting);
    weeklyChart("chart-reason", figures.weeks, figures.by_reason);
    weeklyChart("chart-source", figures.weeks, figures.by_source_type);
    root.dataset.ready = "true";
  }

  drawAll().catch((error) => {
    root.dataset.ready = "failed";
    const alert = document.createElement("div");
    alert.className = "alert alert-warning small";
    alert.setAttribute("role", "alert");
    alert.textContent = `The charts could not be drawn: ${error.message}. The numbers below are current.`;
    root.prepend(alert);
  });
})();
