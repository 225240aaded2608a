from django import forms
from django.utils.translation import gettext_lazy as _


class UploadForm(forms.Form):
    file = forms.FileField(
        label=_("File (CSV or XLSX)"), widget=forms.ClearableFileInput(attrs={"accept": ".csv,.xlsx"})
    )
    source = forms.CharField(
        label=_("Source"),
        max_length=500,
        required=False,
        help_text=_("Yearbook, table and bureau, e.g. 《中国统计年鉴2023》表3-9"),
    )
    source_url = forms.URLField(label=_("Source URL"), max_length=500, required=False, assume_scheme="https")
    vintage = forms.DateField(
        label=_("Published on"),
        required=False,
        help_text=_(
            "The date the yearbook, bulletin or database released these figures. A newer release of the same "
            "figures replaces an older one; a table without a date never replaces a dated release."
        ),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),  # the ISO form a date input needs
    )
    dry_run = forms.BooleanField(
        label=_("Validate only (commit after checking the preview)"), required=False, initial=True
    )
    usd_cny_rate = forms.FloatField(
        label=_("USD→CNY rate (only for US-dollar figures)"), required=False, min_value=0.01
    )
