from django.contrib import admin

from .models import ReferenceRank, ReferenceRanking


class ReferenceRankInline(admin.TabularInline):
    model = ReferenceRank
    extra = 0
    raw_id_fields = ["region"]


@admin.register(ReferenceRanking)
class ReferenceRankingAdmin(admin.ModelAdmin):
    list_display = ["name", "year", "level", "source", "uploaded_by", "created_at"]
    list_filter = ["level", "year"]
    readonly_fields = ["uploaded_by", "created_at", "original_name"]
    inlines = [ReferenceRankInline]
