// What-if: pillar weight sliders re-rank the run through the preview API; the map is re-coloured with the
// same classes and the biggest rank changes are listed. Planners can save the weights as a scenario.
(function () {
  "use strict";
  var panel = document.getElementById("whatif");
  if (!panel) { return; }
  var url = panel.getAttribute("data-url");
  var breaks = JSON.parse(panel.getAttribute("data-breaks") || "[]");
  var sliders = Array.prototype.slice.call(panel.querySelectorAll("input[data-pillar]"));
  var status = document.getElementById("whatif-status");
  var body = document.querySelector("#whatif-changes tbody");
  var token = document.querySelector("[name=csrfmiddlewaretoken]");
  var timer = null;
  var english = (document.documentElement.lang || "").indexOf("en") === 0;

  function weights() {
    var out = {};
    sliders.forEach(function (s) { out[s.getAttribute("data-pillar")] = parseFloat(s.value); });
    return out;
  }

  function post(payload) {
    return fetch(url, {
      method: "POST", credentials: "same-origin",
      headers: { "Content-Type": "application/json", Accept: "application/json", "X-CSRFToken": token ? token.value : "" },
      body: JSON.stringify(payload)
    }).then(function (r) {
      return r.json().then(function (data) { if (!r.ok) { throw new Error(data.detail || r.status); } return data; });
    });
  }

  function classOf(value) {
    for (var i = 0; i < breaks.length; i++) { if (value <= breaks[i]) { return i; } }
    return breaks.length - 1;
  }

  function recolour(scores) {
    var map = document.getElementById("map");
    if (!map || !map.data || !breaks.length || panel.getAttribute("data-colour") !== "composite") { return; }
    var byCode = {};
    scores.forEach(function (s) { byCode[s.region.code] = s; });
    var trace = map.data[0];
    var z = trace.locations.map(function (code, i) { return byCode[code] ? classOf(byCode[code].composite) : trace.z[i]; });
    var custom = trace.customdata.map(function (row) {
      var s = byCode[row[2]];
      if (!s) { return row; }
      var copy = row.slice();
      copy[4] = panel.getAttribute("data-rank-text").replace("{rank}", s.rank).replace("{base}", s.base_rank);
      return copy;
    });
    window.Plotly.restyle(map, { z: [z], customdata: [custom] }, [0]);
  }

  function show(data) {
    var moved = data.scores.slice().sort(function (a, b) { return Math.abs(b.rank_change) - Math.abs(a.rank_change); });
    body.innerHTML = "";
    moved.slice(0, 10).forEach(function (s) {
      var tr = document.createElement("tr");
      var change = s.rank_change > 0 ? "↑" + s.rank_change : (s.rank_change < 0 ? "↓" + (-s.rank_change) : "→");
      [english ? s.region.name_en : s.region.name_zh, s.base_rank, s.rank, change].forEach(function (text) {
        var td = document.createElement("td"); td.textContent = text; tr.appendChild(td);
      });
      body.appendChild(tr);
    });
    recolour(data.scores);
    var code = panel.getAttribute("data-region");
    var line = document.getElementById("whatif-region");
    data.scores.forEach(function (s) {
      if (code && line && s.region.code === code) {
        line.textContent = panel.getAttribute("data-rank-text").replace("{rank}", s.rank).replace("{base}", s.base_rank);
      }
    });
    panel.setAttribute("data-ready", "1");
  }

  function preview() {
    status.textContent = panel.getAttribute("data-busy-text");
    post({ pillar_weights: weights() }).then(function (data) {
      status.textContent = "";
      show(data);
    }).catch(function (error) { status.textContent = error.message; });
  }

  sliders.forEach(function (s) {
    s.addEventListener("input", function () {
      s.nextElementSibling.textContent = parseFloat(s.value).toFixed(2);
      clearTimeout(timer);
      timer = setTimeout(preview, 250);
    });
  });
  var reset = document.getElementById("whatif-reset");
  if (reset) {
    reset.addEventListener("click", function () {
      sliders.forEach(function (s) { s.value = s.getAttribute("data-default"); s.nextElementSibling.textContent = s.value; });
      preview();
    });
  }
  var save = document.getElementById("whatif-save");
  if (save) {
    save.addEventListener("click", function () {
      var name = document.getElementById("scenario-name").value || "Scenario";
      post({ pillar_weights: weights(), save: true, name: name }).then(function (run) {
        status.innerHTML = "";
        var a = document.createElement("a");
        a.href = panel.getAttribute("data-jobs-url");
        a.textContent = panel.getAttribute("data-saved-text").replace("{id}", run.id);
        status.appendChild(a);
      }).catch(function (error) { status.textContent = error.message; });
    });
  }
})();
