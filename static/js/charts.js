// Draws server-built Plotly charts: each <div data-figure="ID"> gets the figure in <script id="ID">.
(function () {
  "use strict";
  if (!window.Plotly) { return; }
  document.querySelectorAll("[data-figure]").forEach(function (el) {
    var source = document.getElementById(el.getAttribute("data-figure"));
    if (!source) { return; }
    var figure = JSON.parse(source.textContent);
    window.Plotly.newPlot(el, figure.data, figure.layout, { responsive: true, displaylogo: false })
      .then(function () { el.setAttribute("data-ready", "1"); });
  });
})();
