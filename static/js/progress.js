// Live progress of background jobs: polls each pending or running job's JSON until it finishes.
(function () {
  "use strict";
  var ACTIVE = { pending: true, running: true };

  function poll(el) {
    var url = el.getAttribute("data-poll-url");
    fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (r) { return r.ok ? r.json() : Promise.reject(r.status); })
      .then(function (job) {
        var bar = el.querySelector("[data-progress]");
        var status = el.querySelector("[data-status]");
        var stage = el.querySelector("[data-stage]");
        if (bar) { bar.value = job.progress; bar.textContent = job.progress + "%"; }
        if (status) { status.textContent = job.status_display; status.className = "status status-" + job.status; }
        if (stage) { stage.textContent = job.stage_label || job.stage || ""; }
        ["rows_total", "rows_error", "observations_written"].forEach(function (field) {
          var cell = el.querySelector('[data-field="' + field + '"]');
          if (cell) { cell.textContent = job[field]; }
        });
        var duration = el.querySelector('[data-field="duration_seconds"]');
        if (duration && job.duration_seconds !== null) { duration.textContent = job.duration_seconds + " s"; }
        if (ACTIVE[job.status]) {
          setTimeout(function () { poll(el); }, 1000);
        } else if (el.hasAttribute("data-reload-when-done")) {
          window.location.reload();
        }
      })
      .catch(function () { setTimeout(function () { poll(el); }, 5000); });
  }

  document.querySelectorAll("[data-poll-url]").forEach(function (el) {
    var status = el.querySelector("[data-status]");
    var current = status ? status.className.replace(/.*status-/, "") : "";
    if (ACTIVE[current]) { poll(el); }
  });
})();
