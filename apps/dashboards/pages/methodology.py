"""The method pages: /methodology/ (pillars, indicators and weights, how scores, roles and recommendations
are made, the shipped data, the glossary) and /references/ (published rankings as yardsticks)."""

from django.http import Http404
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_safe

from apps.core.language import is_english
from apps.indicators.constants import Pillar
from apps.indicators.domain.derived import formula_text
from apps.indicators.selectors import classification_names, indicator_list
from apps.ingest.demo import shipped_data_list
from apps.scoring.selectors import default_model, reference_rankings, shared_models

from .common import upload_form

TRANSFORMS = {
    "log": gettext_lazy("log(1 + x)"),
    "per_capita": gettext_lazy("per head of population"),
    "per_gdp": gettext_lazy("per unit of GDP"),
}


def _pillar_rows(model) -> list[dict]:
    """The model's pillars with their weights and indicators (unit, weight, transform, source, formula)."""
    indicators = {i.code: i for i in indicator_list()}
    names = {code: i.name for code, i in indicators.items()}

    def row(item: dict) -> dict:
        indicator = indicators.get(item["code"])
        if indicator is None:
            return {
                "name": item["code"],
                "unit": "",
                "weight": item.get("weight", 1),
                "source": "",
                "formula": "",
                "transform": TRANSFORMS.get(item.get("transform", ""), ""),
            }
        return {
            "name": indicator.name,
            "unit": indicator.unit,
            "weight": item.get("weight", 1),
            "transform": TRANSFORMS.get(item.get("transform", ""), ""),
            "source": indicator.default_source,
            "formula": formula_text(indicator.formula, names) if indicator.formula else "",
        }

    return [
        {"name": Pillar(p["code"]).label, "weight": p["weight"], "indicators": [row(i) for i in p["indicators"]]}
        for p in model.spec["pillars"]
    ]


def _glossary(english: bool) -> tuple[list[dict], object]:
    """The terms the reasons use, and a function naming a part of a priority score in the reader's language."""
    from apps.recommendations.reasons import GLOSSARY, PART_TERMS

    glossary = [
        {"code": code, "name": en if english else zh, "definition": den if english else dzh}
        for code, (zh, en, dzh, den) in GLOSSARY.items()
    ]

    def part_name(part: str) -> str:
        zh, en, *_ = GLOSSARY[PART_TERMS[part]]
        return en if english else zh

    return glossary, part_name


def _targets(english: bool) -> list[dict]:
    """The catalogue: each industry's sectors by classification and its requirement profile."""
    from apps.recommendations.selectors import target_list

    classifications = classification_names(english=english)

    def profile(t) -> str:
        pillars = (t.requires or {}).get("pillars") or {}
        return ", ".join(  # in the framework's order, whatever order the database keeps the keys in
            f"{Pillar(k).label} {round(float(pillars[k]) * 100)} %" for k in Pillar.values if k in pillars
        )

    return [
        {
            "code": t.code,
            "name": t.name,
            "category": t.get_category_display(),
            "profile": profile(t),
            "sectors": [(classifications.get(k, k), ", ".join(v)) for k, v in (t.sectors or {}).items()],
        }
        for t in target_list()
    ]


@require_safe
def methodology_view(request):
    from apps.recommendations.domain import recommend as recommend_domain

    model = default_model()
    if model is None:
        raise Http404("No default scoring model.")
    english = is_english()
    glossary, part_name = _glossary(english)
    categories = ("traditional", "emerging", "future")
    presets = [
        {
            "name": p["name_en"] if english else p["name_zh"],
            "weights": [", ".join(f"{part_name(k)} {round(v * 100)} %" for k, v in p[c].items()) for c in categories],
        }
        for p in recommend_domain.PRESETS.values()
    ]
    context = {
        "model": model,
        "pillars": _pillar_rows(model),
        "presets": presets,
        "targets": _targets(english),
        "glossary": glossary,
        "versions": shared_models(),
        "example": _worked_example(model, part_name),
        "min_link": round(recommend_domain.LINK_MIN * 100),
        "shipped": shipped_data_list(english=english),
        "agreements": _latest_agreements(),
    }
    return render(request, "scoring/methodology.html", context)


def _worked_example(model, part_name) -> dict | None:
    """The top emerging pick of the first province in the latest run of the default model (balanced preset),
    with its parts, their weights and the sum, so the method can be followed on a real case."""
    from apps.recommendations.domain.recommend import PRESETS
    from apps.recommendations.selectors import top_emerging_example

    pick = top_emerging_example(model=model)
    if pick is None:
        return None
    weights = PRESETS["balanced"]["emerging"]
    parts = [
        {
            "name": part_name(k),
            "value": pick.components.get(k, 0.0),
            "weight": w,
            "product": pick.components.get(k, 0.0) * w,
        }
        for k, w in weights.items()
    ]
    return {
        "region": pick.region.name,
        "industry": pick.industry.name,
        "year": pick.set.run.year,
        "run": pick.set.run_id,
        "parts": parts,
        "penalty": pick.components.get("penalty", 0.0),
        "score": pick.score,
    }


@require_http_methods(["GET", "HEAD", "POST"])
def references_view(request):
    """Reference rankings: the list, each against the latest well-covered run at its level, and (for data
    admins) the upload form."""
    from apps.accounts.constants import PERM_UPLOAD
    from apps.scoring.forms import ReferenceUploadForm
    from apps.scoring.selectors import latest_run, reference_agreements
    from apps.scoring.services import reference_upload

    def store(data, user) -> str:
        ranking = reference_upload(
            upload=data["file"],
            name=data["name"],
            source=data["source"],
            year=data["year"],
            level=data["level"],
            user=user,
        )
        return _("Stored %(name)s: %(n)s regions.") % {"name": ranking, "n": ranking.ranks.count()}

    form, status, response = upload_form(request, ReferenceUploadForm, store, "dashboards:references")
    if response is not None:
        return response
    can_upload = request.user.has_perm(PERM_UPLOAD)
    rows = []
    runs = {}
    for reference in reference_rankings():
        if reference.level not in runs:
            runs[reference.level] = latest_run(level=reference.level)
        run = runs[reference.level]
        found = next((a for a in reference_agreements(run) if a["reference"].pk == reference.pk), None) if run else None
        rows.append({"reference": reference, "count": reference.count, "run": run, "agreement": found or {}})
    context = {"rows": rows, "form": form, "can_upload": can_upload}
    return render(request, "scoring/references.html", context, status=status)


def _latest_agreements() -> list[dict]:
    """The latest well-covered provincial run against every provincial reference ranking, for /methodology/."""
    from apps.scoring.selectors import latest_run, reference_agreements

    run = latest_run(level="province")
    return reference_agreements(run) if run else []
