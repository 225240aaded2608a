from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from apps.regions.constants import Level


class ReferenceUploadForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=200, help_text=_("e.g. 中国区域创新能力评价报告 综合排名"))
    source = forms.CharField(label=_("Source"), max_length=500, help_text=_("The publication, as it should be cited"))
    year = forms.IntegerField(label=_("Year ranked"), min_value=1949, max_value=timezone.now().year + 1)
    level = forms.ChoiceField(label=_("Level"), choices=Level.choices, initial=Level.PROVINCE)
    file = forms.FileField(
        label=_("File (CSV or XLSX)"), widget=forms.ClearableFileInput(attrs={"accept": ".csv,.xlsx"})
    )
