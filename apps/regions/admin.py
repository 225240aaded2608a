from django.contrib import admin

from .constants import GroupKind
from .models import MapLayer, Region, RegionGroup


@admin.register(Region)
class RegionAdmin(admin.ModelAdmin):
    list_display = ["code", "name_zh", "name_en", "level", "parent"]
    list_filter = ["level"]
    search_fields = ["code", "name_zh", "name_en"]
    list_select_related = ["parent"]
    fields = [
        "code",
        "name_zh",
        "name_en",
        "short_name_zh",
        "level",
        "lowest_level",
        "parent",
        "area_km2",
        "boundary_source",
    ]
    readonly_fields = ["code", "level", "lowest_level", "parent", "area_km2", "boundary_source"]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(RegionGroup)
class RegionGroupAdmin(admin.ModelAdmin):
    list_display = ["code", "name_zh", "name_en", "kind", "created_by"]
    list_filter = ["kind"]
    search_fields = ["code", "name_zh", "name_en"]
    autocomplete_fields = ["members"]
    readonly_fields = ["created_by", "created_at"]

    def get_readonly_fields(self, request, obj=None):
        # Built-in groups follow their defining documents; only custom groups are edited here.
        if obj is not None and obj.kind != GroupKind.CUSTOM:
            return [f.name for f in RegionGroup._meta.fields] + ["members"]
        return self.readonly_fields

    def save_model(self, request, obj, form, change):
        if not change:
            obj.created_by = request.user
            obj.kind = GroupKind.CUSTOM
        super().save_model(request, obj, form, change)


@admin.register(MapLayer)
class MapLayerAdmin(admin.ModelAdmin):
    list_display = [
        "level",
        "feature_count",
        "gzip_bytes",
        "raw_bytes",
        "tolerance",
        "grid",
        "build_seconds",
        "built_at",
    ]
    exclude = ["geojson_gzip"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
