"""The part of the evaluation report the coordination writes."""
import re

from django import forms
from django.utils.html import strip_tags
from django.utils.translation import gettext_lazy as _

from teilhabe.lib.html import sanitize_html

from teilhabe.council.models import Organization
from teilhabe.monitoring.models import EvaluationReport

MAX_LENGTH = 20_000


class EvaluationReportForm(forms.ModelForm):
    class Meta:
        model = EvaluationReport
        fields = ["summary_note", "recommendations"]
        widgets = {"summary_note": forms.Textarea(attrs={"rows": 5}),
                   "recommendations": forms.Textarea(attrs={"rows": 14})}

    def clean_summary_note(self):
        text = self.cleaned_data["summary_note"].strip()
        if len(text) > MAX_LENGTH:
            raise forms.ValidationError(_("Höchstens %(n)s Zeichen.") % {"n": MAX_LENGTH})
        return text

    def clean_recommendations(self):
        html = sanitize_html(self.cleaned_data["recommendations"]).strip()
        if len(html) > MAX_LENGTH:
            raise forms.ValidationError(_("Höchstens %(n)s Zeichen.") % {"n": MAX_LENGTH})
        # Markup alone (or markup that was removed as unsafe) is no recommendation.
        if not re.sub(r"\s+", "", strip_tags(html)):
            raise forms.ValidationError(_("Bitte schreiben Sie mindestens eine Empfehlung als Text."))
        return html


class ReportSubmissionForm(forms.Form):
    """The evaluation report as a Mitteilung to the council: its number and the body that
    takes note of it."""

    organization = forms.ModelChoiceField(label=_("zur Kenntnisnahme an"), queryset=Organization.objects.none())
    reference = forms.CharField(label=_("Drucksachennummer"), max_length=40)
    publish = forms.BooleanField(label=_("Vorlage gleich veröffentlichen"), required=False, help_text=_(
        "Der Bericht ist dann mit der Vorlage öffentlich, im Portal und über OParl."))

    def __init__(self, *args, municipality, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organization"].queryset = Organization.objects.of(municipality).alive()
