from django.db.models import Q
from django.shortcuts import get_object_or_404
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import generics, serializers, status
from rest_framework.exceptions import NotFound
from rest_framework.permissions import BasePermission
from rest_framework.response import Response
from rest_framework.views import APIView

from apps.accounts.constants import PERM_RUN_JOBS, PERM_SAVE_SCENARIOS
from apps.core.language import is_english
from apps.core.serializers import JobOutputSerializer
from apps.recommendations.selectors import region_recommendations
from apps.regions.constants import Level
from apps.regions.models import Region, RegionGroup

from .models import RegionScore, ScoringModel, ScoringRun
from .scorecard import scorecard_build
from .selectors import latest_run, run_scores, runs_visible_to
from .services import scenario_save, scoring_run_create, whatif_preview


class CanRunJobs(BasePermission):
    message = "Your role does not start scoring runs."

    def has_permission(self, request, view):
        return request.user.has_perm(PERM_RUN_JOBS)


class ScoringModelOutputSerializer(serializers.ModelSerializer):
    class Meta:
        model = ScoringModel
        fields = [
            "id",
            "slug",
            "version",
            "name",
            "description",
            "is_default",
            "spec",
            "normalisation",
            "weighting",
            "aggregation",
            "min_coverage",
            "draws",
            "locked",
        ]
        read_only_fields = fields


class ScoringRunOutputSerializer(JobOutputSerializer):
    model = serializers.PrimaryKeyRelatedField(read_only=True)
    model_name = serializers.CharField(source="model.__str__", read_only=True)
    group = serializers.SlugRelatedField(slug_field="code", read_only=True, allow_null=True)
    created_by = serializers.SlugRelatedField(slug_field="username", read_only=True, allow_null=True)
    duration_seconds = serializers.FloatField(read_only=True, allow_null=True)

    class Meta:
        model = ScoringRun
        fields = [
            "id",
            "model",
            "model_name",
            "level",
            "year",
            "group",
            "region_codes",
            "status",
            "status_display",
            "stage",
            "stage_label",
            "progress",
            "failure",
            "failure_text",
            "fingerprint",
            "results_sha256",
            "inputs",
            "scored",
            "excluded",
            "missing_indicators",
            "coverage",
            "pillar_coverage",
            "indicators_reported",
            "indicators_total",
            "provisional",
            "weights",
            "sensitivity",
            "created_by",
            "created_at",
            "started_at",
            "finished_at",
            "duration_seconds",
        ]
        read_only_fields = fields


class RegionScoreOutputSerializer(serializers.ModelSerializer):
    region = serializers.SerializerMethodField()

    class Meta:
        model = RegionScore
        fields = [
            "region",
            "composite",
            "pillars",
            "rank",
            "percentile",
            "rank_median",
            "rank_p05",
            "rank_p95",
            "role",
            "modes",
            "coverage",
            "pillar_coverage",
            "imputed",
        ]
        read_only_fields = fields

    def get_region(self, score) -> dict:
        region = score.region
        return {"code": region.code, "name_zh": region.name_zh, "name_en": region.name_en}


class ScoringModelListApi(generics.ListAPIView):
    serializer_class = ScoringModelOutputSerializer
    pagination_class = None

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return ScoringModel.objects.none()
        # shared models, and the caller's own scenarios
        return ScoringModel.objects.filter(Q(owner=None) | Q(owner=self.request.user)).order_by("slug", "-version")


class ScoringRunListCreateApi(APIView):
    class ScoringRunCreateInputSerializer(serializers.Serializer):
        model = serializers.PrimaryKeyRelatedField(queryset=ScoringModel.objects.filter(owner=None))
        level = serializers.ChoiceField(choices=Level.choices)
        year = serializers.IntegerField(min_value=1949, max_value=2100)
        group = serializers.SlugRelatedField(slug_field="code", queryset=RegionGroup.objects.all(), required=False)
        regions = serializers.ListField(child=serializers.CharField(max_length=6), required=False)

    def get_permissions(self):
        return (
            [*super().get_permissions(), CanRunJobs()] if self.request.method == "POST" else super().get_permissions()
        )

    @extend_schema(responses=ScoringRunOutputSerializer(many=True))
    def get(self, request):
        runs = (
            runs_visible_to(request.user).select_related("model", "group", "created_by").order_by("-created_at")[:200]
        )
        return Response(ScoringRunOutputSerializer(runs, many=True).data)

    @extend_schema(request=ScoringRunCreateInputSerializer, responses={202: ScoringRunOutputSerializer})
    def post(self, request):
        serializer = self.ScoringRunCreateInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        run = scoring_run_create(
            model=data["model"],
            level=data["level"],
            year=data["year"],
            user=request.user,
            group=data.get("group"),
            region_codes=data.get("regions"),
        )
        return Response(ScoringRunOutputSerializer(run).data, status=status.HTTP_202_ACCEPTED)


class ScoringRunDetailApi(APIView):
    @extend_schema(responses=ScoringRunOutputSerializer)
    def get(self, request, pk: int):
        run = get_object_or_404(runs_visible_to(request.user).select_related("model", "group", "created_by"), pk=pk)
        return Response(ScoringRunOutputSerializer(run).data)


class ScoringRunScoresApi(generics.ListAPIView):
    """Scores of a run, best first: composite, pillar scores, rank with its 5–95 % interval, role."""

    serializer_class = RegionScoreOutputSerializer

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return RegionScore.objects.none()
        return run_scores(run=get_object_or_404(runs_visible_to(self.request.user), pk=self.kwargs["pk"]))


class RegionScorecardApi(APIView):
    """A region's scorecard in a run (default: the latest default-model run at the region's level)."""

    @extend_schema(parameters=[OpenApiParameter("run", int, required=False)], responses=dict)
    def get(self, request, code: str):
        region = get_object_or_404(Region, code=code)
        run_id = request.query_params.get("run")
        if run_id:
            run = get_object_or_404(runs_visible_to(request.user), pk=run_id) if str(run_id).isdigit() else None
            if run is None:
                raise NotFound("No such run.")
        else:
            run = latest_run(level=region.level)
        if run is None:
            raise NotFound("No scoring run at this region's level yet.")
        body = scorecard_build(region=region, run=run).as_json()
        body["recommendations"] = region_recommendations(
            run_id=run.pk, region_id=region.pk, lang="en" if is_english() else "zh"
        )
        return Response(body)


class ScoringRunWhatIfApi(APIView):
    """Scores of a province or prefecture run under other pillar weights: a preview, nothing is stored.
    With `save` and a `name`, planners keep it as a private scenario run."""

    class WhatIfInputSerializer(serializers.Serializer):
        pillar_weights = serializers.DictField(child=serializers.FloatField(min_value=0))
        save = serializers.BooleanField(required=False, default=False)
        name = serializers.CharField(required=False, max_length=128)

    @extend_schema(request=WhatIfInputSerializer, responses={200: dict, 202: ScoringRunOutputSerializer})
    def post(self, request, pk: int):
        run = get_object_or_404(runs_visible_to(request.user).select_related("model"), pk=pk)
        serializer = self.WhatIfInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        if data["save"]:
            if not request.user.has_perm(PERM_SAVE_SCENARIOS):
                return Response({"detail": "Your role does not save scenarios."}, status=status.HTTP_403_FORBIDDEN)
            scenario = scenario_save(
                run=run, pillar_weights=data["pillar_weights"], user=request.user, name=data.get("name") or "Scenario"
            )
            return Response(ScoringRunOutputSerializer(scenario).data, status=status.HTTP_202_ACCEPTED)
        return Response({"run": run.pk, "scores": whatif_preview(run=run, pillar_weights=data["pillar_weights"])})
