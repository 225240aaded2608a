from django.contrib import admin

from .models import Dataset, DatasetEvent


class DatasetEventInline(admin.TabularInline):
    model = DatasetEvent
    extra = 0
    can_delete = False
    readonly_fields = ["created_at", "actor", "action", "detail"]

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Dataset)
class DatasetAdmin(admin.ModelAdmin):
    """Read-only: datasets change only through uploads and jobs, which keep the audit trail."""

    list_display = [
        "id",
        "original_name",
        "status",
        "uploaded_by",
        "vintage",
        "rows_total",
        "observations_written",
        "created_at",
    ]
    list_filter = ["status", "file_format"]
    search_fields = ["original_name", "source", "sha256"]
    exclude = ["errors", "warnings"]
    inlines = [DatasetEventInline]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
