import csv
import io
import json

from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.permissions import BasePermission
from rest_framework.response import Response
from rest_framework.views import APIView

from apps.accounts.constants import PERM_UPLOAD
from apps.core.exports import neutralise_formula
from apps.core.messages import issue_texts
from apps.core.serializers import JobOutputSerializer

from .models import Dataset
from .services import dataset_commit, dataset_revalidate, dataset_upload, upload_too_large

ISSUES_SHOWN = 1000


class CanUpload(BasePermission):
    message = "Only data admins upload or change datasets."

    def has_permission(self, request, view):
        return request.user.has_perm(PERM_UPLOAD)


class DatasetOutputSerializer(JobOutputSerializer):
    uploaded_by = serializers.SlugRelatedField(slug_field="username", read_only=True)
    source_url = serializers.CharField(read_only=True, help_text="Where the table was published; blank when not given")
    committed = serializers.BooleanField(read_only=True)
    duration_seconds = serializers.FloatField(read_only=True, allow_null=True)
    errors = serializers.SerializerMethodField()
    warnings = serializers.SerializerMethodField()
    errors_total = serializers.SerializerMethodField()

    class Meta:
        model = Dataset
        fields = [
            "id",
            "original_name",
            "file_format",
            "size",
            "sha256",
            "uploaded_by",
            "source",
            "source_url",
            "vintage",
            "vintage_given",
            "dry_run",
            "status",
            "status_display",
            "stage",
            "stage_label",
            "progress",
            "layout",
            "rows_total",
            "rows_error",
            "rows_aggregate",
            "values_missing",
            "observations_valid",
            "observations_written",
            "errors_total",
            "errors",
            "warnings",
            "unmapped_columns",
            "column_map",
            "failure",
            "failure_text",
            "committed",
            "created_at",
            "started_at",
            "finished_at",
            "committed_at",
            "duration_seconds",
        ]
        read_only_fields = fields

    def get_errors(self, dataset) -> list[dict]:
        """Each with `reason` in English and `message` in the request's language (Accept-Language)."""
        issues = dataset.errors[:ISSUES_SHOWN]
        return [{**issue, "message": text} for issue, text in zip(issues, issue_texts(issues), strict=True)]

    def get_warnings(self, dataset) -> list[dict]:
        issues = dataset.warnings[:ISSUES_SHOWN]
        return [{**issue, "message": text} for issue, text in zip(issues, issue_texts(issues), strict=True)]

    def get_errors_total(self, dataset) -> int:
        return len(dataset.errors)


class DatasetListOutputSerializer(DatasetOutputSerializer):
    class Meta(DatasetOutputSerializer.Meta):
        fields = [f for f in DatasetOutputSerializer.Meta.fields if f not in {"errors", "warnings"}]
        read_only_fields = fields


class DatasetListCreateApi(APIView):
    parser_classes = [MultiPartParser, FormParser]

    class DatasetUploadInputSerializer(serializers.Serializer):
        file = serializers.FileField()
        source = serializers.CharField(required=False, allow_blank=True, max_length=500)
        source_url = serializers.URLField(required=False, allow_blank=True, max_length=500)
        vintage = serializers.DateField(
            required=False,
            help_text="Publication date of the figures; without it the values never replace a dated release",
        )
        dry_run = serializers.BooleanField(required=False, default=False)
        column_map = serializers.JSONField(required=False)
        usd_cny_rate = serializers.FloatField(required=False, min_value=0.01)

        def validate_column_map(self, value):
            if isinstance(value, str):
                value = json.loads(value)
            if not isinstance(value, dict) or not all(isinstance(v, str) for v in value.values()):
                raise serializers.ValidationError("an object mapping column headers to indicator codes")
            return value

    def get_permissions(self):
        return [*super().get_permissions(), CanUpload()] if self.request.method == "POST" else super().get_permissions()

    @extend_schema(responses=DatasetListOutputSerializer(many=True))
    def get(self, request):
        datasets = Dataset.objects.select_related("uploaded_by").order_by("-created_at")[:200]
        return Response(DatasetListOutputSerializer(datasets, many=True).data)

    @extend_schema(
        request=DatasetUploadInputSerializer, responses={202: DatasetOutputSerializer, 200: DatasetOutputSerializer}
    )
    def post(self, request):
        if too_large := upload_too_large(request.META.get("CONTENT_LENGTH")):
            return Response({"detail": too_large}, status=status.HTTP_413_REQUEST_ENTITY_TOO_LARGE)
        serializer = self.DatasetUploadInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        dataset, created = dataset_upload(
            upload=data["file"],
            user=request.user,
            source=data.get("source", ""),
            source_url=data.get("source_url", ""),
            vintage=data.get("vintage"),
            dry_run=data["dry_run"],
            column_map=data.get("column_map"),
            usd_cny_rate=data.get("usd_cny_rate"),
        )
        body = {**DatasetOutputSerializer(dataset).data, "duplicate": not created}
        return Response(body, status=status.HTTP_202_ACCEPTED if created else status.HTTP_200_OK)


class DatasetDetailApi(APIView):
    @extend_schema(responses=DatasetOutputSerializer)
    def get(self, request, pk: int):
        return Response(DatasetOutputSerializer(get_object_or_404(Dataset, pk=pk)).data)


class DatasetCommitApi(APIView):
    permission_classes = [*APIView.permission_classes, CanUpload]

    @extend_schema(request=None, responses={202: DatasetOutputSerializer})
    def post(self, request, pk: int):
        dataset = dataset_commit(dataset=get_object_or_404(Dataset, pk=pk), user=request.user)
        return Response(DatasetOutputSerializer(dataset).data, status=status.HTTP_202_ACCEPTED)


class DatasetRevalidateApi(APIView):
    permission_classes = [*APIView.permission_classes, CanUpload]

    class DatasetRevalidateInputSerializer(serializers.Serializer):
        column_map = serializers.DictField(child=serializers.CharField(allow_blank=True))
        usd_cny_rate = serializers.FloatField(required=False, min_value=0.01, allow_null=True)

    @extend_schema(request=DatasetRevalidateInputSerializer, responses={202: DatasetOutputSerializer})
    def post(self, request, pk: int):
        serializer = self.DatasetRevalidateInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        dataset = dataset_revalidate(
            dataset=get_object_or_404(Dataset, pk=pk), user=request.user, **serializer.validated_data
        )
        return Response(DatasetOutputSerializer(dataset).data, status=status.HTTP_202_ACCEPTED)


class DatasetErrorsCsvApi(APIView):
    """Every error and warning of a dataset as CSV (row, column, value, reason in English, message in the
    request's language), for fixing the file."""

    @extend_schema(responses={(200, "text/csv"): str})
    def get(self, request, pk: int):
        dataset = get_object_or_404(Dataset, pk=pk)
        buffer = io.StringIO()
        writer = csv.writer(buffer)
        writer.writerow(["kind", "row", "column", "value", "reason", "message"])
        for kind, issues in (("error", dataset.errors), ("warning", dataset.warnings)):
            for issue, text in zip(issues, issue_texts(issues), strict=True):
                cells = [issue["column"], issue["value"], issue["reason"], text]
                writer.writerow([kind, issue["row"], *(neutralise_formula(c) for c in cells)])
        response = HttpResponse("\ufeff" + buffer.getvalue(), content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="dataset-{dataset.pk}-issues.csv"'
        return response
