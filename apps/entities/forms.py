from django import forms
from django.utils.translation import gettext_lazy as _

from .constants import KIND_CHOICES


class EntityListForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind of list"), choices=KIND_CHOICES)
    snapshot = forms.DateField(
        label=_("Date of the list"),
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=_("e.g. 2025-06-20 for the Ministry of Education's list of that day"),
    )
    source = forms.CharField(label=_("Source"), max_length=500, help_text=_("The publication, as it should be cited"))
    file = forms.FileField(
        label=_("File (CSV, XLSX or XLS)"), widget=forms.ClearableFileInput(attrs={"accept": ".csv,.xlsx,.xls"})
    )
