from django.contrib import admin

from .models import Indicator, Industry, IndustryClassification


@admin.register(Indicator)
class IndicatorAdmin(admin.ModelAdmin):
    list_display = ["code", "name_zh", "name_en", "unit", "pillar", "direction"]
    list_filter = ["pillar", "direction"]
    search_fields = ["code", "name_zh", "name_en"]


@admin.register(IndustryClassification)
class IndustryClassificationAdmin(admin.ModelAdmin):
    list_display = ["code", "name_zh", "name_en"]


@admin.register(Industry)
class IndustryAdmin(admin.ModelAdmin):
    list_display = ["code", "name_zh", "name_en", "classification", "parent"]
    list_filter = ["classification"]
    search_fields = ["code", "name_zh", "name_en"]
