from django import forms
from django.utils.translation import gettext_lazy as _

from .models import MonitoringSettings


class ThresholdsForm(forms.ModelForm):
    class Meta:
        model = MonitoringSettings
        fields = ["green_from", "yellow_from"]

    def clean(self):
        data = super().clean()
        green, yellow = data.get("green_from"), data.get("yellow_from")
        if green is not None and yellow is not None and yellow > green:
            self.add_error("yellow_from", _("„gelb ab“ darf nicht über „grün ab“ liegen."))
        return data
