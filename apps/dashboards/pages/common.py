"""What several pages share: the run a page shows and the runs to choose from, map labels and GeoJSON
addresses, figures as plain data, cached parts, a scenario's changes, the what-if panel."""

import json
from urllib.parse import urlencode

from django.core.cache import cache
from django.urls import reverse
from django.utils.translation import gettext as _

from apps.regions.constants import Level
from apps.scoring.models import ScoringRun
from apps.scoring.selectors import latest_run, run_ranks, run_score_map, runs_visible_to

from ..selectors import map_breaks, map_runs, map_values


def plain_figure(figure) -> dict:
    return json.loads(figure.to_json())


def map_labels() -> dict:
    return {
        "code": _("Code"),
        "parent": _("Part of"),
        "legend": _("Macro-region"),
        "this": _("This region"),
        "other": "",
    }


def layer_url(**params) -> str:
    query = urlencode({k: v for k, v in params.items() if v})
    return f"{reverse('api:regions:geojson')}?{query}"


def number_text(value: float) -> str:
    magnitude = abs(value)
    if magnitude >= 1000:
        return f"{value:,.0f}"
    if magnitude >= 10:
        return f"{value:,.1f}"
    return f"{value:.3g}" if magnitude < 1 else f"{value:.2f}"


def cached(key: str, build, timeout: int = 600):
    """`build()` once per key for `timeout` seconds: figures and tables of a finished run do not change, but
    names and groups may, hence the expiry."""
    found = cache.get(key)
    if found is None:
        found = build()
        cache.set(key, found, timeout=timeout)
    return found


def int_or_none(text):
    return int(text) if text and str(text).isdigit() else None


def chosen_run(request, level: str):
    """The run a page shows: `?run=` (a finished run at the level, of a shared model or the user's own
    scenario) unless a `?year=` picked after it disagrees (the forms send both), else the default model's most
    recent well-covered run, of `?year=` when given."""

    chosen, year = int_or_none(request.GET.get("run")), int_or_none(request.GET.get("year"))
    if chosen:
        run = (
            runs_visible_to(request.user)
            .filter(pk=chosen, level=level, status=ScoringRun.Status.SUCCEEDED)
            .select_related("model")
            .first()
        )
        if run is not None and year in (None, run.year):
            return run
    return latest_run(level=level, year=year)


def run_choices(request, level: str, run) -> list:
    """The runs a page offers: the default model's (newest per year), the user's scenarios, and the one shown."""
    runs = map_runs(level=level, user=request.user)
    if run is not None and all(r.pk != run.pk for r in runs):
        runs = [run, *runs]
    return runs


def pillar_axis_names(pillar_codes: list[str], run) -> list[str]:
    """Pillar names for charts; a pillar the run has no data for says so."""
    from apps.indicators.constants import Pillar

    covered, missing = run.pillar_coverage or {}, _("no data")
    return [
        str(Pillar(p).label) + (f"<br>({missing})" if covered and covered.get(p, 0) <= 0 else "") for p in pillar_codes
    ]


def run_context(level: str) -> dict:
    from apps.scoring.selectors import default_model

    model = default_model()
    return {"default_model_id": model.pk if model else "", "run_level": level}


def baseline_ranks(run) -> dict[str, int]:
    """Region code → rank in the default model's latest run for the same level and year, when `run` is a
    planner's scenario; empty otherwise."""
    if run is None or run.model.owner_id is None:
        return {}
    base = latest_run(level=run.level, year=run.year)
    if base is None:
        return {}
    return run_ranks(run=base)


def scenario_changes(run) -> list[dict]:
    """For a scenario run: the regions whose rank moves most against the default model."""
    baseline = baseline_ranks(run)
    if not baseline:
        return []
    rows = []
    for score in run_score_map(run=run).values():
        if score.region.code in baseline:
            change = baseline[score.region.code] - score.rank
            rows.append(
                {
                    "region": score.region,
                    "name": score.region.name,
                    "default": baseline[score.region.code],
                    "scenario": score.rank,
                    "change": change,
                }
            )
    return sorted(rows, key=lambda r: (-abs(r["change"]), r["scenario"]))[:10]


def whatif(run, colour: str, scheme: str) -> dict | None:
    """Weight sliders for a province or prefecture run: the model's pillars and their weights, and the
    composite's class breaks so the map keeps its classes while the weights move."""
    from apps.indicators.constants import Pillar

    if run is None or run.level == Level.COUNTY:
        return None
    pillars = [
        {"code": p["code"], "name": Pillar(p["code"]).label, "weight": p["weight"]}
        for p in run.model.spec["pillars"]
        if p["code"] in Pillar.values
    ]
    breaks = map_breaks(run, "composite", scheme, map_values(run, "composite")["values"])
    return {"pillars": pillars, "breaks": json.dumps(breaks), "colour": colour, "run_id": run.pk}


def upload_form(request, form_class, store, stored: str):
    """The upload form of a list page (entity lists, reference rankings, declared priorities). On a POST by a
    data admin: the form checked, the file stored by `store(cleaned_data, user)` (an ApplicationError becomes
    the form's error on the file), then a redirect back with the message `store` returned; anyone else gets
    403. Returns (form, status, response): a response to send at once, or None to render the page."""
    from django.contrib import messages
    from django.shortcuts import redirect, render

    from apps.accounts.constants import PERM_UPLOAD
    from apps.core.exceptions import ApplicationError

    if request.method != "POST":
        return form_class(), 200, None
    if not request.user.has_perm(PERM_UPLOAD):
        return None, 403, render(request, "403.html", status=403)
    form = form_class(request.POST, request.FILES)
    if form.is_valid():
        try:
            message = store(form.cleaned_data, request.user)
        except ApplicationError as exc:
            form.add_error("file", exc.message)
        else:
            messages.success(request, message)
            return form, 302, redirect(stored)
    return form, 400, None
