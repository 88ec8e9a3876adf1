"""The public forms of the footer's pages: feedback on barriers and the Darstellung."""
from django import forms
from django.utils.translation import gettext_lazy as _

from .participation_forms import SpamProtected


class FeedbackForm(SpamProtected):
    problem = forms.CharField(label=_("Was ist nicht barrierefrei?"), max_length=5000,
                              widget=forms.Textarea(attrs={"rows": 5}),
                              help_text=_("Beschreiben Sie, was Sie nicht nutzen konnten."))
    page_url = forms.CharField(label=_("Adresse der Seite (freiwillig)"), max_length=500, required=False)
    email = forms.EmailField(label=_("E-Mail für die Antwort (freiwillig)"), required=False,
                             help_text=_("Nur um Ihnen zu antworten. Wir löschen die Rückmeldung nach der "
                                         "Aufbewahrungsfrist."))


class DisplayForm(forms.Form):
    large = forms.BooleanField(label=_("Größere Schrift"), required=False)
    contrast = forms.BooleanField(label=_("Starker Kontrast"), required=False)
