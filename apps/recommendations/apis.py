from django.shortcuts import get_object_or_404
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import generics, serializers
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.response import Response
from rest_framework.views import APIView

from apps.core.language import is_english
from apps.regions.constants import Level
from apps.regions.models import Region
from apps.scoring.models import ScoringRun
from apps.scoring.selectors import latest_run, runs_visible_to

from .constants import DEFAULT_PRESET, Category
from .domain.recommend import PRESETS
from .models import Recommendation, RecommendationSet, TargetIndustry
from .reasons import render
from .selectors import recommendation_list, target_list


class TargetIndustryOutputSerializer(serializers.ModelSerializer):
    class Meta:
        model = TargetIndustry
        fields = [
            "code",
            "category",
            "name_zh",
            "name_en",
            "description",
            "sectors",
            "requires",
            "tracks",
            "upgrade_paths",
        ]
        read_only_fields = fields


class TargetIndustryListApi(generics.ListAPIView):
    """The industries recommendations choose from: traditional, strategic emerging and future, with how they
    map onto GB/T 4754 and the 42 input-output sectors, and their requirement profiles."""

    serializer_class = TargetIndustryOutputSerializer
    pagination_class = None

    def get_queryset(self):
        return target_list()


class RecommendationOutputSerializer(serializers.ModelSerializer):
    region = serializers.SerializerMethodField()
    industry = serializers.SerializerMethodField()
    explanation = serializers.SerializerMethodField(
        help_text="The reason in the request's language: one sentence, then the numbers."
    )
    reason = serializers.SerializerMethodField(help_text="The one-sentence reason in the request's language.")
    explanation_zh = serializers.SerializerMethodField()
    explanation_en = serializers.SerializerMethodField()
    facts = serializers.JSONField(
        read_only=True,
        help_text="What the reason is rendered from: codes and numbers with unit, year and source.",
    )
    drivers = serializers.SerializerMethodField()
    strengths = serializers.SerializerMethodField()
    gaps = serializers.SerializerMethodField()
    basis = serializers.SerializerMethodField()

    class Meta:
        model = Recommendation
        fields = [
            "region",
            "industry",
            "category",
            "rank",
            "score",
            "mode",
            "innovation_mode",
            "reason",
            "explanation",
            "explanation_zh",
            "explanation_en",
            "facts",
            "drivers",
            "strengths",
            "gaps",
            "components",
            "partners",
            "basis",
        ]
        read_only_fields = fields

    def get_region(self, obj) -> dict:
        return {"code": obj.region.code, "name_zh": obj.region.name_zh, "name_en": obj.region.name_en}

    def get_industry(self, obj) -> dict:
        i = obj.industry
        return {"code": i.code, "name_zh": i.name_zh, "name_en": i.name_en, "category": i.category, "tracks": i.tracks}

    def _words(self, obj, lang: str) -> dict:
        cache = self.context.setdefault("_words", {})
        key = (obj.pk, lang)
        if key not in cache:
            english = lang == "en"
            names = self.context.get("_names")
            if names is None:
                names = self.context["_names"] = {t.code: (t.name_zh, t.name_en) for t in TargetIndustry.objects.all()}
            other = names.get((obj.facts.get("unranked") or {}).get("same_as", ""), ("", ""))
            cache[key] = render(
                obj.facts,
                region=obj.region.name_en if english else obj.region.name_zh,
                industry=obj.industry.name_en if english else obj.industry.name_zh,
                lang=lang,
                other=other[1] if english else other[0],
            )
        return cache[key]

    def get_explanation(self, obj) -> str:
        return self._words(obj, "en" if is_english() else "zh")["text"]

    def get_reason(self, obj) -> str:
        return self._words(obj, "en" if is_english() else "zh")["lead"]

    def get_explanation_zh(self, obj) -> str:
        return self._words(obj, "zh")["text"]

    def get_explanation_en(self, obj) -> str:
        return self._words(obj, "en")["text"]

    def get_drivers(self, obj) -> list:
        return obj.facts.get("drivers", [])

    def get_strengths(self, obj) -> list:
        return obj.facts.get("strengths", [])

    def get_gaps(self, obj) -> list:
        return obj.facts.get("gaps", [])

    def get_basis(self, obj) -> str:
        return obj.facts.get("basis", "")


def _run_for(request) -> ScoringRun:
    run_id = request.query_params.get("run")
    if run_id:
        if not str(run_id).isdigit():
            raise ValidationError({"run": "A run id is a whole number."})
        return get_object_or_404(runs_visible_to(request.user), pk=run_id)
    code = request.query_params.get("region")
    level = Level.PROVINCE
    if code:
        region = Region.objects.filter(code=code).first()
        if region is None:
            raise NotFound(f"No region with code {code}.")
        level = region.level
    run = latest_run(level=level)
    if run is None:
        raise NotFound("No finished scoring run at this level yet.")
    return run


def _set_for(request, run: ScoringRun) -> RecommendationSet:
    preset = request.query_params.get("preset") or DEFAULT_PRESET
    if preset not in PRESETS:
        raise ValidationError({"preset": f"Unknown preset '{preset}'; choose from {', '.join(PRESETS)}."})
    rec_set = RecommendationSet.objects.filter(run=run, preset=preset).first()
    if rec_set is None:
        raise NotFound(f"Run {run.pk} has no recommendations (it has not finished, or it failed).")
    return rec_set


class RecommendationListApi(generics.ListAPIView):
    """Recommendations of a run, ranked within each region and category (traditional / emerging / future),
    each with its priority score, its parts and the explanation. Without `run`: the latest default-model run
    at the region's level (provinces when no region is given). `preset` picks the weighting
    (balanced, low_hanging, long_jump)."""

    serializer_class = RecommendationOutputSerializer

    @extend_schema(
        parameters=[
            OpenApiParameter("run", int, required=False),
            OpenApiParameter("region", str, required=False),
            OpenApiParameter("category", str, required=False, enum=Category.values),
            OpenApiParameter("preset", str, required=False, enum=list(PRESETS)),
        ]
    )
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Recommendation.objects.none()
        category = self.request.query_params.get("category")
        if category and category not in Category.values:
            raise ValidationError(
                {"category": f"Unknown category '{category}'; choose from {', '.join(Category.values)}."}
            )
        rec_set = _set_for(self.request, _run_for(self.request))
        return recommendation_list(set_=rec_set, region_code=self.request.query_params.get("region"), category=category)


class RecommendationSummaryApi(APIView):
    """For a run: per preset, what the recommendations were computed from (the region × industry matrix or
    capabilities only), the preset's weights, and how alike the top picks are across regions."""

    @extend_schema(parameters=[OpenApiParameter("run", int, required=False)], responses=dict)
    def get(self, request):
        run = _run_for(request)
        sets = list(RecommendationSet.objects.filter(run=run).order_by("pk"))
        return Response(
            {
                "run": run.pk,
                "level": run.level,
                "year": run.year,
                "presets": [
                    {
                        "code": s.preset,
                        "name_zh": PRESETS[s.preset]["name_zh"],
                        "name_en": PRESETS[s.preset]["name_en"],
                        "basis": s.basis,
                        "matrix": s.matrix,
                        "sameness": s.sameness,
                        "parameters": s.parameters,
                    }
                    for s in sets
                    if s.preset in PRESETS
                ],
            }
        )
