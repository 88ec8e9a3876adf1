"""Forms of the actor network's back-office pages (backoffice/views/network.py)."""
from django import forms
from django.utils.translation import gettext_lazy as _

from teilhabe.actors.models import Actor
from teilhabe.lib.forms import model_formfield
from teilhabe.network.models import DeclaredTie, IntegrationOfficer, Training, WorkingGroup
from teilhabe.strategy.models import current_concept


class WorkingGroupForm(forms.ModelForm):
    field_key = forms.ChoiceField(label=_("Handlungsfeld"), required=False)

    class Meta:
        model = WorkingGroup
        formfield_callback = model_formfield  # members, meetings: ids checked before the query
        fields = ["name", "field_key", "description", "members", "meetings", "valid_from", "valid_to"]
        widgets = {"members": forms.CheckboxSelectMultiple, "meetings": forms.CheckboxSelectMultiple,
                   "valid_from": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
                   "valid_to": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")}

    def __init__(self, *args, municipality, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.municipality = municipality
        concept = current_concept(municipality)
        self.fields["field_key"].choices = [("", _("keins"))] + (
            [(f.key, f.name) for f in concept.fields.all()] if concept else [])
        self.fields["members"].queryset = Actor.objects.working_in(municipality)
        self.fields["meetings"].queryset = municipality.events.all()
        self.fields["meetings"].help_text = _("Veranstaltungen, die Sitzungen dieses Arbeitskreises sind.")


class DeclaredTieForm(forms.ModelForm):
    class Meta:
        model = DeclaredTie
        fields = ["actor_a", "actor_b", "kind", "source", "valid_from", "valid_to"]
        widgets = {"valid_from": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
                   "valid_to": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")}

    def __init__(self, *args, municipality, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.municipality = municipality
        for name in ("actor_a", "actor_b"):
            self.fields[name].queryset = Actor.objects.working_in(municipality)


class IntegrationOfficerForm(forms.ModelForm):
    class Meta:
        model = IntegrationOfficer
        fields = ["role", "contact", "appointed_on"]
        widgets = {"appointed_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")}

    def __init__(self, *args, department, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.department = department
        self.fields["contact"].queryset = department.contacts.all()


class TrainingForm(forms.ModelForm):
    class Meta:
        model = Training
        fields = ["held_on", "topic", "completed", "participants"]
        widgets = {"held_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")}

    def __init__(self, *args, department, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.department = department
