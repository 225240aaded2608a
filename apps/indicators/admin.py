from django.contrib import admin

from .models import Indicator, Industry, IndustryClassification


@admin.register(Indicator)
class IndicatorAdmin(admin.ModelAdmin):
    list_display = ["code", "name_zh", "name_en", "unit", "pillar", "direction"]
    list_filter = ["pillar", "direction"]
    search_fields = ["code", "name_zh", "name_en"]

    def get_readonly_fields(self, request, obj=None):
        # stored values are in the indicator's unit and found by its code: changing either would silently
        # relabel them (8138 万人 read as 8138 人); a new indicator, or an upload in the new unit, is the way
        if obj is not None and obj.observations.exists():
            return ["code", "unit"]
        return []


@admin.register(IndustryClassification)
class IndustryClassificationAdmin(admin.ModelAdmin):
    list_display = ["code", "name_zh", "name_en"]


@admin.register(Industry)
class IndustryAdmin(admin.ModelAdmin):
    list_display = ["code", "name_zh", "name_en", "classification", "parent"]
    list_filter = ["classification"]
    search_fields = ["code", "name_zh", "name_en"]
