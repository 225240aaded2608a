from django.contrib import admin

from .models import RecommendationSet, TargetIndustry


@admin.register(TargetIndustry)
class TargetIndustryAdmin(admin.ModelAdmin):
    list_display = ("code", "category", "name_zh", "name_en", "active", "sort_order")
    list_filter = ("category", "active")
    search_fields = ("code", "name_zh", "name_en")


@admin.register(RecommendationSet)
class RecommendationSetAdmin(admin.ModelAdmin):
    list_display = ("run", "preset", "basis")
    readonly_fields = ("run", "preset", "basis", "matrix", "sameness", "parameters")
