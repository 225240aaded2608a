from django.shortcuts import get_object_or_404
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.response import Response
from rest_framework.views import APIView

from apps.recommendations.constants import Category
from apps.regions.constants import Level
from apps.regions.models import Region
from apps.scoring.models import ScoringRun
from apps.scoring.selectors import latest_run, runs_visible_to

from .selectors import PLAN_CATEGORIES, declared_by_region, plan_alignment, plan_sameness


def _run(request, level: str) -> ScoringRun:
    run_id = request.query_params.get("run")
    if run_id:
        if not str(run_id).isdigit():
            raise ValidationError({"run": "A run id is a whole number."})
        return get_object_or_404(runs_visible_to(request.user), pk=run_id)
    run = latest_run(level=level)
    if run is None:
        raise NotFound("No finished scoring run at this level yet.")
    return run


def _region_json(region: Region) -> dict:
    return {"code": region.code, "name_zh": region.name_zh, "name_en": region.name_en}


class PlanAlignmentApi(APIView):
    """Declared priorities against the data: for a region (or, without `region`, every region of the run's
    level with a declared list), each declared industry's verdict (`supported`: in the top third of its
    category in the run's default picks; `weak`: lower, or not rankable, with the reason) and each top-third
    industry not declared (`opportunity`), with the region's alignment score (the share of its declared
    industries the data support) and how complete its declared list is. Without `run`: the latest
    default-model run at the region's level (provinces when no region is given)."""

    @extend_schema(
        parameters=[OpenApiParameter("run", int, required=False), OpenApiParameter("region", str, required=False)],
        responses=dict,
    )
    def get(self, request):
        code = request.query_params.get("region")
        region = None
        if code:
            region = Region.objects.filter(code=code).first()
            if region is None:
                raise NotFound(f"No region with code {code}.")
        run = _run(request, region.level if region else Level.PROVINCE)
        if region is not None and region.level != run.level:
            raise ValidationError({"region": f"{code} is not at the run's level ({run.level})."})
        regions = [region] if region else list(Region.objects.filter(pk__in=declared_by_region(level=run.level)))
        items, summaries = [], []
        for r in sorted(regions, key=lambda r: r.code):
            found = plan_alignment(run=run, region=r)
            if found is None:
                raise NotFound(f"Run {run.pk} has no recommendations (it has not finished, or it failed).")
            summaries.append(
                {
                    "region": _region_json(r),
                    "has_declared_list": found["has_list"],
                    "score": found["score"],
                    "emerging_future_score": dict(
                        zip(("supported", "declared", "share"), found["plan_score"], strict=True)
                    ),
                    "by_category": found["by_category"],
                    "confidence": found["confidence"],
                    "categories_without_list": found["missing_categories"],
                    "unmapped": found["unmapped"],
                }
            )
            items += [
                {
                    "region": _region_json(r),
                    **{
                        k: i[k]
                        for k in (
                            "industry",
                            "category",
                            "declared",
                            "recommended_rank",
                            "ranked",
                            "verdict",
                            "reason",
                            "reason_zh",
                            "reason_en",
                            "weak",
                            "unranked",
                            "declared_as",
                            "neighbours",
                        )
                    },
                }
                for i in found["items"]
            ]
        return Response({"run": run.pk, "level": run.level, "year": run.year, "regions": summaries, "items": items})


class PlanSamenessApi(APIView):
    """How alike plans are: per industry of a category, how many regions of a level declared it
    (`declared_regions`), how many the run's default picks support it for (`supported_regions`, top third),
    how many both, and the counts the sources themselves state; with the category's herd index (the
    concentration of declarations over industries divided by that of data-supported picks; above 1, plans
    crowd into fewer industries than the data point to). `level` defaults to province; `run` to the latest
    default-model run at that level."""

    @extend_schema(
        parameters=[
            OpenApiParameter("category", str, required=False, enum=list(PLAN_CATEGORIES) + [Category.TRADITIONAL]),
            OpenApiParameter("level", str, required=False, enum=[Level.PROVINCE, Level.PREFECTURE]),
            OpenApiParameter("run", int, required=False),
        ],
        responses=dict,
    )
    def get(self, request):
        category = request.query_params.get("category") or Category.EMERGING
        if category not in Category.values:
            raise ValidationError(
                {"category": f"Unknown category '{category}'; choose from {', '.join(Category.values)}."}
            )
        level = request.query_params.get("level") or Level.PROVINCE
        if level not in Level.values:
            raise ValidationError({"level": f"Unknown level '{level}'; choose from {', '.join(Level.values)}."})
        run = _run(request, level)
        found = plan_sameness(run=run, category=category)
        return Response(
            {
                "run": run.pk,
                "level": run.level,
                "year": run.year,
                "category": category,
                "herd": found["herd"],
                "regions": found["regions"],
                "regions_with_declared_list": found["regions_with_list"],
                "items": [
                    {
                        "industry": {
                            "code": r["code"],
                            "name_zh": r["industry"].name_zh,
                            "name_en": r["industry"].name_en,
                        },
                        "declared_regions": r["declared_regions"],
                        "supported_regions": r["supported_regions"],
                        "declared_and_supported": r["both"],
                        "declared_not_supported": r["declared_not_supported"],
                        "supported_not_declared": r["supported_not_declared"],
                        "chasing_without_base": r["chasing"],
                        "stated_counts": [
                            {
                                "topic": s.topic,
                                "count": s.count,
                                "count_text": s.count_text,
                                "scope": s.scope,
                                "source": s.source,
                                "confidence": s.confidence,
                            }
                            for s in r["stated"]
                        ],
                    }
                    for r in found["items"]
                ],
            }
        )
