"""A region's scorecard in a run, built once for the API (/api/regions/{code}/scorecard/) and the region page:
its score, role, ranks and coverage, and every indicator of the run with the value it was scored on, the
publication and vintage that value comes from, earlier vintages of the same figure, the inputs of a derived
indicator, its weight, normalised value and contribution."""

from dataclasses import dataclass, field

from apps.indicators.domain.derived import formula_inputs
from apps.indicators.models import Indicator, Observation
from apps.indicators.services import DERIVED_LAYOUT

from .models import RegionScore, ScoringRun


@dataclass
class Scorecard:
    region: object
    run: ScoringRun
    score: RegionScore | None
    indicators: list[dict] = field(default_factory=list)

    @property
    def excluded_reason(self) -> str | None:
        return self.run.excluded.get(self.region.code)

    def as_json(self) -> dict:
        run, score, region = self.run, self.score, self.region

        def of_score(name: str):
            return getattr(score, name) if score else None

        return {
            "region": {
                "code": region.code,
                "name_zh": region.name_zh,
                "name_en": region.name_en,
                "level": region.level,
            },
            "run": run.pk,
            "year": run.year,
            "window": run.window,
            "model": str(run.model),
            "fingerprint": run.fingerprint,
            "scored": score is not None,
            "excluded_reason": self.excluded_reason,
            **{
                name: of_score(name)
                for name in ("role", "modes", "composite", "pillars", "rank", "rank_p05", "rank_p95", "percentile")
            },
            "of": run.scored,
            "coverage": of_score("coverage"),
            "pillar_coverage": of_score("pillar_coverage"),
            "provisional": run.provisional,
            "run_coverage": run.coverage,
            "indicators_reported": run.indicators_reported,
            "indicators_total": run.indicators_total,
            "indicators": self.indicators,
        }


def _observations(region, run: ScoringRun, codes: list[str]) -> tuple[dict, dict]:
    """The value each indicator was scored on (the latest current one in the run's window) and the earlier
    vintages of that same figure."""
    found = (
        Observation.objects.filter(
            region=region, year__lte=run.year, year__gte=run.year - run.window, indicator__code__in=codes
        )
        .select_related("indicator", "dataset")
        .order_by("year")
    )
    current, earlier = {}, {}
    for o in found:  # in year order: the latest current value in the run's window wins
        if o.is_current:
            current[o.indicator.code] = o
    for o in found:
        if not o.is_current and o.year == getattr(current.get(o.indicator.code), "year", run.year):
            earlier.setdefault(o.indicator.code, []).append(
                {"value": o.value, "vintage": o.dataset.vintage, "source": o.dataset.source}
            )
    return current, earlier


def _provenance(code: str, current: dict, run: ScoringRun) -> dict:
    obs = current.get(code)
    return {
        "code": code,
        "value": obs.value if obs else None,
        "year": obs.year if obs else run.year,
        "source": obs.dataset.source if obs else "",
        "vintage": obs.dataset.vintage if obs else None,
    }


def _row(code: str, weight, indicator, current: dict, earlier: dict, run: ScoringRun, score) -> dict:
    obs = current.get(code)
    derived = bool(obs and obs.dataset.layout == DERIVED_LAYOUT)
    formula = indicator.formula if indicator and indicator.formula else None
    return {
        **_provenance(code, current, run),
        "name_zh": indicator.name_zh if indicator else code,
        "name_en": indicator.name_en if indicator else code,
        "pillar": indicator.pillar if indicator else "",
        "unit": indicator.unit if indicator else "",
        "earlier_vintages": sorted(earlier.get(code, []), key=lambda e: e["vintage"], reverse=True),
        "derived": derived,
        "formula": formula,
        "derived_from": [_provenance(c, current, run) for c in formula_inputs(formula)] if derived else [],
        "weight": weight,
        "normalised": score.normalised.get(code) if score else None,
        "contribution": score.contributions.get(code) if score else None,
        "imputed": bool(score and code in score.imputed),
    }


def scorecard_build(*, region, run: ScoringRun, indicators: bool = True) -> Scorecard:
    """The region's scorecard in the run; `indicators=False` leaves out the indicator rows (a page that shows
    its own table)."""
    score = RegionScore.objects.filter(run=run, region=region).first()
    card = Scorecard(region=region, run=run, score=score)
    if not indicators:
        return card
    catalogue = {i.code: i for i in Indicator.objects.filter(code__in=list(run.weights))}
    inputs = {c for i in catalogue.values() if i.formula for c in formula_inputs(i.formula)}
    current, earlier = _observations(region, run, list(catalogue) + sorted(inputs))
    card.indicators = [
        _row(code, weight, catalogue.get(code), current, earlier, run, score) for code, weight in run.weights.items()
    ]
    return card
