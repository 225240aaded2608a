from django.contrib import admin

from .models import DeclaredPriority, PlanAlias


@admin.register(PlanAlias)
class PlanAliasAdmin(admin.ModelAdmin):
    """Terms that map declared industries onto the catalogue; after adding some, map the items again on
    /data/plans/."""

    list_display = ("term", "industry", "track")
    list_filter = ("industry__category", "industry")
    search_fields = ("term", "industry__code", "industry__name_zh")


@admin.register(DeclaredPriority)
class DeclaredPriorityAdmin(admin.ModelAdmin):
    list_display = ("region", "category", "text", "year", "confidence_level", "partial")
    list_filter = ("level", "category", "confidence_level", "partial")
    search_fields = ("text", "region__name_zh", "plan")
    readonly_fields = [f.name for f in DeclaredPriority._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
