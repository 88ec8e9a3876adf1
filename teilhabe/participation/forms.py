"""Form pieces of participation that both faces use: the field layout of the public
forms and the check-in, and the anonymous self-description (one question per category the
municipality asks, kept only as counts). The forms themselves live with their pages:
portal/participation_forms.py and backoffice/participation_forms.py."""
from django import forms
from django.utils.translation import gettext_lazy as _

from .models import AttendanceTally, ParticipationSettings

ANSWER_CHOICES = [("", _("keine Auswahl"))] + list(AttendanceTally.Answer.choices)


class Layout:
    """Field groups for templates: the regular fields, the anonymous self-description,
    and the consent at the end."""

    def main_fields(self):
        return [f for f in self if not f.name.startswith("sd_") and f.name not in ("consent", "homepage")]

    def self_description_fields(self):
        return [f for f in self if f.name.startswith("sd_")]

    def tail_fields(self):
        return [f for f in self if f.name == "consent"]


def self_description_fields(form, municipality):
    """One optional yes / no / no-answer question per category (anonymous)."""
    names = []
    for key, label in ParticipationSettings.for_municipality(municipality).all_categories():
        name = f"sd_{key}"
        form.fields[name] = forms.ChoiceField(label=label, required=False, choices=ANSWER_CHOICES[1:],
                                              widget=forms.RadioSelect)
        names.append((key, name))
    form.self_description_names = names


def self_description(form):
    return {key: form.cleaned_data.get(name) for key, name in form.self_description_names
            if form.cleaned_data.get(name)}
