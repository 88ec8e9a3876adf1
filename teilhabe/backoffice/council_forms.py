"""Forms of the council's back-office pages (backoffice/views/council*.py). Every choice of
another council object is limited to the municipality's living ones: an id of another
town or of a deleted object is an invalid choice, named on its field."""
from django import forms
from django.utils.translation import gettext_lazy as _

from teilhabe.council.models import (
    AgendaItem, Body, Consultation, File, LegislativeTerm, Location, Meeting, Membership, Organization, Paper,
    Person,
)
from teilhabe.lib.forms import model_formfield

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
DATETIME = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")


class CouncilForm(forms.ModelForm):
    """Sets the municipality and scopes the choices of council objects to it."""

    SCOPED = {"location": Location, "organization": Organization, "originator_organization": Organization,
              "originator_person": Person, "meeting": Meeting, "locations": Location,
              "approves_minutes_of": Meeting}

    def __init__(self, *args, municipality, **kwargs):
        super().__init__(*args, **kwargs)
        self.municipality = municipality
        if hasattr(self.instance, "municipality_id") and "municipality" in {
                f.name for f in self.instance._meta.concrete_fields}:
            self.instance.municipality = municipality
        for name, model in self.SCOPED.items():
            if name in self.fields:
                self.fields[name].queryset = model.objects.of(municipality).alive()


class BodyForm(CouncilForm):
    """The council part's settings: its name and office, the data licence, the deadlines."""

    class Meta:
        model = Body
        formfield_callback = model_formfield
        fields = ["name", "website", "contact_name", "contact_email", "license", "invitation_days", "papers_days"]


class LegislativeTermForm(CouncilForm):
    class Meta:
        model = LegislativeTerm
        fields = ["name", "start_date", "end_date"]
        widgets = {"start_date": DATE, "end_date": DATE}


class LocationForm(CouncilForm):
    class Meta:
        model = Location
        fields = ["description", "street_address", "room", "postal_code", "locality"]


class OrganizationForm(CouncilForm):
    class Meta:
        model = Organization
        formfield_callback = model_formfield
        fields = ["kind", "name", "short_name", "start_date", "end_date", "location"]
        widgets = {"start_date": DATE, "end_date": DATE}


class PersonForm(CouncilForm):
    class Meta:
        model = Person
        fields = ["form_of_address", "title", "given_name", "family_name", "email", "location"]


class MembershipForm(CouncilForm):
    class Meta:
        model = Membership
        fields = ["organization", "role", "on_behalf_of", "voting_right", "start_date", "end_date"]
        widgets = {"start_date": DATE, "end_date": DATE}

    def __init__(self, *args, person, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.person = person


class MeetingForm(CouncilForm):
    class Meta:
        model = Meeting
        formfield_callback = model_formfield  # participants: ids checked before the query
        fields = ["organization", "name", "start", "end", "location", "state", "invitation_date",
                  "minutes_approved_on", "participants", "minutes_text"]
        widgets = {"start": DATETIME, "end": DATETIME, "invitation_date": DATE, "minutes_approved_on": DATE,
                   "participants": forms.CheckboxSelectMultiple}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["participants"].queryset = Person.objects.of(self.municipality).alive()
        self.fields["participants"].help_text = _(
            "Anwesenheit; veröffentlicht werden nur Personen mit Einwilligung zur Veröffentlichung.")


class AgendaItemForm(CouncilForm):
    """An agenda item, and the paper it deals with (its consultation in this meeting)."""

    paper = forms.ModelChoiceField(label=_("behandelte Vorlage"), queryset=Paper.objects.none(), required=False)
    consultation_role = forms.ChoiceField(label=_("Rolle der Beratung"), choices=Consultation.Role.choices,
                                          initial=Consultation.Role.PRELIMINARY)

    class Meta:
        model = AgendaItem
        fields = ["number", "public", "name", "result", "resolution_text", "minutes", "approves_minutes_of"]

    def __init__(self, *args, meeting, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.meeting = meeting
        # Minutes approved here are those of an earlier meeting of the same body.
        self.fields["approves_minutes_of"].queryset = Meeting.objects.of(self.municipality).alive().filter(
            organization=meeting.organization, start__lt=meeting.start).order_by("-start")
        self.fields["paper"].queryset = Paper.objects.of(self.municipality).alive()
        consultation = getattr(self.instance, "consultation", None) if self.instance.pk else None
        if consultation is not None:
            self.initial.setdefault("paper", consultation.paper_id)
            self.initial.setdefault("consultation_role", consultation.role)

    def save(self, commit=True):
        if not self.instance.pk:  # a new item comes last
            last = self.instance.meeting.agenda_items.order_by("-order").first()
            self.instance.order = last.order + 1 if last else 0
        item = super().save(commit)
        paper = self.cleaned_data.get("paper")
        consultation = Consultation.objects.filter(agenda_item=item).first()
        if paper is None:
            if consultation is not None:
                consultation.agenda_item = None
                consultation.save()
        else:
            consultation = consultation or Consultation(agenda_item=item)
            consultation.paper, consultation.meeting = paper, item.meeting
            consultation.organization = item.meeting.organization
            consultation.role = self.cleaned_data["consultation_role"]
            consultation.full_clean()
            consultation.save()
        return item


class PaperForm(CouncilForm):
    class Meta:
        model = Paper
        formfield_callback = model_formfield  # locations: ids checked before the query
        fields = ["kind", "name", "reference", "date", "originator_organization", "originator_person",
                  "is_published", "locations"]
        widgets = {"date": DATE, "locations": forms.CheckboxSelectMultiple}

    def clean_reference(self):
        # The unique constraint spans the municipality, which is not a field of the form.
        reference = self.cleaned_data["reference"]
        if Paper.objects.of(self.municipality).filter(reference=reference).exclude(pk=self.instance.pk).exists():
            raise forms.ValidationError(_("Diese Drucksachennummer ist schon vergeben."))
        return reference


class ConsultationForm(CouncilForm):
    class Meta:
        model = Consultation
        fields = ["organization", "meeting", "agenda_item", "role", "authoritative", "result", "votes_yes",
                  "votes_no", "abstentions", "unanimous"]

    def __init__(self, *args, paper, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.paper = paper
        self.fields["agenda_item"].queryset = AgendaItem.objects.of(self.municipality).alive().select_related(
            "meeting")
        self.fields["agenda_item"].label_from_instance = lambda item: f"{item.meeting} – {item}"


class FileForm(forms.Form):
    name = forms.CharField(label=_("Bezeichnung"), max_length=200)
    role = forms.ChoiceField(label=_("Art"))
    date = forms.DateField(label=_("Datum"), required=False, widget=DATE)
    file = forms.FileField(label=_("Datei (PDF)"))

    def __init__(self, *args, kind, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["role"].choices = [(value, label) for value, label in File.Role.choices
                                       if value in File.ROLES_OF[kind]]
        if kind == "person":
            self.fields["file"].label = _("Bild (JPEG oder PNG)")
