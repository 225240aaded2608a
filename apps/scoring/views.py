from django.http import Http404
from django.shortcuts import render
from django.utils.translation import get_language
from django.views.decorators.http import require_safe

from apps.indicators.constants import Pillar
from apps.indicators.domain.derived import formula_text
from apps.indicators.models import Indicator
from apps.ingest.demo import shipped_data_list

from .domain import model as model_domain
from .domain import roles as roles_domain
from .models import ScoringModel
from .selectors import default_model


@require_safe
def methodology_view(request):
    model = default_model()
    if model is None:
        raise Http404("No default scoring model.")
    indicators = {i.code: i for i in Indicator.objects.all()}
    names = {code: i.name for code, i in indicators.items()}
    pillars = []
    for pillar in model.spec["pillars"]:
        rows = []
        for item in pillar["indicators"]:
            indicator = indicators.get(item["code"])
            rows.append({
                "name": indicator.name if indicator else item["code"], "unit": indicator.unit if indicator else "",
                "weight": item.get("weight", 1), "transform": item.get("transform", ""),
                "source": indicator.default_source if indicator else "",
                "formula": formula_text(indicator.formula, names) if indicator and indicator.formula else "",
            })  # fmt: skip
        pillars.append({"name": Pillar(pillar["code"]).label, "weight": pillar["weight"], "indicators": rows})
    from apps.recommendations.domain import complexity as complexity_domain
    from apps.recommendations.domain import recommend as recommend_domain
    from apps.recommendations.selectors import target_list

    context = {"model": model, "pillars": pillars, "steps": model_domain.__doc__, "roles_rule": roles_domain.__doc__,
               "recommend_rule": recommend_domain.__doc__, "complexity_rule": complexity_domain.__doc__,
               "presets": recommend_domain.PRESETS, "targets": target_list(),
               "versions": ScoringModel.objects.filter(owner=None).order_by("slug", "-version"),
               "shipped": shipped_data_list(english=(get_language() or "").startswith("en"))}  # fmt: skip
    return render(request, "scoring/methodology.html", context)
