from django import forms
from django.utils.translation import gettext_lazy as _


class DeclaredListForm(forms.Form):
    source = forms.CharField(
        label=_("Source"), max_length=500, help_text=_("What the compilation is, as it should be cited")
    )
    file = forms.FileField(
        label=_("File (CSV, XLSX or XLS)"), widget=forms.ClearableFileInput(attrs={"accept": ".csv,.xlsx,.xls"})
    )
