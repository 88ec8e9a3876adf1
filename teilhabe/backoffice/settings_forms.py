"""Forms for a municipality's own settings: its data, districts, target groups, members."""
from django import forms
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _

from teilhabe.lib.forms import model_formfield
from teilhabe.municipalities.models import District, Language, Membership, Municipality, TargetGroup
from teilhabe.opendata.models import OpenDataSettings
from teilhabe.search.models import Synonyms

from .forms import NamesFormMixin, UniqueKeyMixin


class MunicipalityForm(forms.ModelForm):
    class Meta:
        model = Municipality
        formfield_callback = model_formfield
        fields = ["name", "ags", "languages", "office_name", "office_email", "office_phone", "office_address",
                  "transit_planner_url"]
        widgets = {"office_address": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["languages"].queryset = Language.objects.all()
        self.fields["languages"].widget.attrs["size"] = 10


class DistrictForm(UniqueKeyMixin, forms.ModelForm):
    unique_key = ("municipality", "key")

    class Meta:
        model = District
        fields = ["name", "key"]

    def __init__(self, *args, municipality, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.municipality = municipality
        if self.instance.pk:
            self.fields["key"].disabled = True


class TargetGroupForm(UniqueKeyMixin, NamesFormMixin, forms.ModelForm):
    unique_key = ("municipality", "key")

    class Meta:
        model = TargetGroup
        fields = ["key", "position"]

    def __init__(self, *args, municipality, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.municipality = municipality
        self.add_name_fields(municipality, _("Bezeichnung"))
        if self.instance.pk:
            self.fields["key"].disabled = True

    def clean(self):
        cleaned = super().clean()
        self.collect_names()
        return cleaned


class MemberForm(forms.Form):
    username = forms.CharField(label=_("Benutzername"), max_length=150,
                               help_text=_("Ein bestehender Benutzername, oder ein neuer: dann erhält die Person eine E-Mail, um ihr Passwort festzulegen."))
    email = forms.EmailField(label=_("E-Mail"), required=False,
                             help_text=_("Nur für neue Zugänge nötig; wird nur für die Anmeldung verwendet."))
    role = forms.ChoiceField(label=_("Rolle"), choices=Membership.Role.choices)
    actor = forms.ModelChoiceField(label=_("Akteur (nur für die Redaktion eines Akteurs)"), queryset=None,
                                   required=False)

    def __init__(self, *args, municipality, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["actor"].queryset = municipality.actors.all()
        self.municipality = municipality

    def clean_username(self):
        username = self.cleaned_data["username"].strip()
        get_user_model().username_validator(username)
        return username

    def clean(self):
        cleaned = super().clean()
        role, actor = cleaned.get("role"), cleaned.get("actor")
        if role == Membership.Role.ACTOR_EDITOR and not actor:
            self.add_error("actor", _("Für die Redaktion eines Akteurs bitte den Akteur wählen."))
        if role and role != Membership.Role.ACTOR_EDITOR and actor:
            self.add_error("actor", _("Ein Akteur gehört nur zur Rolle „Redaktion eines Akteurs“."))
        username = cleaned.get("username")
        if username and not get_user_model().objects.filter(username=username).exists() and not cleaned.get("email"):
            self.add_error("email", _("Für einen neuen Zugang wird eine E-Mail-Adresse gebraucht."))
        return cleaned


class SynonymsForm(forms.ModelForm):
    class Meta:
        model = Synonyms
        fields = ["text"]
        widgets = {"text": forms.Textarea(attrs={"rows": 12})}


class OpenDataForm(forms.ModelForm):
    class Meta:
        model = OpenDataSettings
        formfield_callback = model_formfield
        fields = ["licence", "contributor_id", "transparency_page"]
