// Draws the server-built Plotly figure; a click drills down or opens the region's page.
(function () {
  "use strict";
  var el = document.getElementById("map");
  var source = document.getElementById("map-figure");
  if (!el || !source || !window.Plotly) { return; }
  var figure = JSON.parse(source.textContent);
  // Plotly's geo subplot loads a world base map even when every base layer is off; point it at an empty
  // one served here instead of the CDN.
  var config = {
    topojsonURL: el.getAttribute("data-topojson-url"),
    responsive: true,
    scrollZoom: true,
    displaylogo: false,
    modeBarButtonsToRemove: ["select2d", "lasso2d"]
  };

  // Boundaries come by URL (cached, gzipped); loading them before plotting lets "fitbounds" see them.
  var fetched = {};  // one request per URL: an outline trace shares its layer with the coloured one
  var loads = figure.data.map(function (trace) {
    if (typeof trace.geojson !== "string") { return Promise.resolve(); }
    var url = trace.geojson;
    if (!fetched[url]) {
      fetched[url] = fetch(url, { credentials: "same-origin" }).then(function (response) {
        if (!response.ok) { throw new Error(response.status + " " + response.statusText); }
        return response.json();
      });
    }
    return fetched[url].then(function (geojson) { trace.geojson = geojson; });
  });

  Promise.all(loads).then(function () {
    return window.Plotly.newPlot(el, figure.data, figure.layout, config);
  }).then(function () {
    el.setAttribute("data-ready", "1");
    el.on("plotly_click", function (event) {
      if (!event || !event.points || !event.points.length) { return; }
      var code = event.points[0].location;
      var drill = el.getAttribute("data-drill-level");
      if (drill) {
        var params = new URLSearchParams(window.location.search);
        params.set("level", drill);
        params.set("parent", code);
        window.location.search = params.toString();
      } else {
        window.location.href = el.getAttribute("data-region-url").replace("000000", code);
      }
    });
  }).catch(function (error) {
    el.setAttribute("data-error", String(error));
    el.textContent = el.getAttribute("data-error-text") + " (" + error.message + ")";
  });
})();
