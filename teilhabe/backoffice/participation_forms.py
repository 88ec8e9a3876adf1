"""The back-office forms of participation: events, workshops, check-in, attendance,
ideas entered by staff, status changes, comments hidden, settings. Choices of related
objects are limited to the municipality, so a forged POST cannot reach across."""
from django import forms
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _

from teilhabe.actors.models import Actor
from teilhabe.council.models import Organization
from teilhabe.lib.forms import model_formfield
from teilhabe.participation.forms import Layout, self_description_fields
from teilhabe.participation.models import AttendanceTally, Event, Idea, ParticipationSettings, Workshop
from teilhabe.strategy.models import Measure

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
DATETIME = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")


class EventForm(forms.ModelForm):
    plain_language = ("description",)

    class Meta:
        model = Event
        formfield_callback = model_formfield
        fields = ["kind", "title", "description", "starts_at", "ends_at", "place_name", "street", "postcode", "city",
                  "latitude", "longitude", "district", "organiser", "organiser_actor", "fields", "capacity", "registration_open",
                  "is_public", "consent_text"]
        widgets = {"starts_at": DATETIME, "ends_at": DATETIME, "fields": forms.CheckboxSelectMultiple,
                   "description": forms.Textarea(attrs={"rows": 4}), "consent_text": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, municipality, concept, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.municipality = municipality
        self.fields["district"].queryset = municipality.districts.all()
        self.fields["organiser_actor"].queryset = municipality.actors.all()
        self.fields["fields"].queryset = concept.fields.all() if concept else self.fields["fields"].queryset.none()
        for name in ("starts_at", "ends_at"):
            self.fields[name].input_formats = ["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%d.%m.%Y %H:%M"]

    def clean(self):
        data = super().clean()
        if data.get("starts_at") and data.get("ends_at") and data["ends_at"] < data["starts_at"]:
            self.add_error("ends_at", _("Das Ende liegt vor dem Beginn."))
        return data


class WorkshopForm(forms.ModelForm):
    class Meta:
        model = Workshop
        fields = ["title", "field", "capacity", "position"]

    def __init__(self, *args, event, concept, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.event = event
        self.fields["field"].queryset = concept.fields.all() if concept else self.fields["field"].queryset.none()


class RegistrationActorForm(forms.Form):
    """Staff match a registration to an actor (any of the municipality's, published or not)."""

    actor = forms.ModelChoiceField(label=_("Akteur"), queryset=Actor.objects.none(), required=False,
                                   empty_label=_("kein Akteur"))

    def __init__(self, *args, municipality, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["actor"].queryset = municipality.actors.order_by("name")


class CheckInCodeForm(Layout, forms.Form):
    code = forms.CharField(label=_("Einlass-Code"), max_length=12)

    def __init__(self, *args, municipality, **kwargs):
        super().__init__(*args, **kwargs)
        self_description_fields(self, municipality)


class AttendanceForm(forms.Form):
    guests_counted = forms.IntegerField(label=_("gezählte Gäste"), min_value=0, max_value=100_000, required=False)

    def __init__(self, *args, event, **kwargs):
        super().__init__(*args, **kwargs)
        stored = {(t.category, t.answer): t.count for t in event.tallies.all()}
        self.fields["guests_counted"].initial = event.guests_counted
        self.groups = []
        for key, label in ParticipationSettings.for_municipality(event.municipality).all_categories():
            names = []
            for answer, answer_label in AttendanceTally.Answer.choices:
                name = f"t_{key}_{answer}"
                self.fields[name] = forms.IntegerField(label=f"{label}: {answer_label}", min_value=0, max_value=100_000, required=False,
                                                       initial=stored.get((key, answer), 0))
                names.append((answer, name))
            self.groups.append((key, label, names))

    def tallies(self):
        return {key: {answer: self.cleaned_data.get(name) or 0 for answer, name in names}
                for key, _label, names in self.groups}


class StaffIdeaForm(forms.ModelForm):
    consent = forms.BooleanField(label=_("Die Person hat eingewilligt, dass ihre Kontaktdaten gespeichert werden"),
                                 required=False)

    class Meta:
        model = Idea
        fields = ["title", "description", "field", "district", "target_group", "channel", "received_on", "event",
                  "workshop", "submitter_name", "submitter_email", "submitter_phone", "submitter_address",
                  "contact_preference", "consent", "consent_note"]
        widgets = {"received_on": DATE, "description": forms.Textarea(attrs={"rows": 5}),
                   "submitter_address": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, municipality, fields, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.municipality = municipality
        self.fields["field"].queryset = fields
        self.fields["district"].queryset = municipality.districts.all()
        self.fields["target_group"].queryset = municipality.target_groups.all()
        self.fields["event"].queryset = municipality.events.order_by("-starts_at")
        self.fields["workshop"].queryset = Workshop.objects.filter(event__municipality=municipality)
        self.fields["channel"].choices = [c for c in Idea.Channel.choices if c[0] != Idea.Channel.WEB]
        self.fields["consent"].initial = bool(self.instance.consent_at)

    def clean_received_on(self):
        value = self.cleaned_data["received_on"]
        if value and value > timezone.localdate():
            raise forms.ValidationError(_("Das Datum liegt in der Zukunft."))
        return value

    def clean(self):
        data = super().clean()
        preference = data.get("contact_preference")
        needed = {Idea.Contact.EMAIL: ("submitter_email", _("Für eine Rückmeldung per E-Mail fehlt die Adresse.")),
                  Idea.Contact.LETTER: ("submitter_address", _("Für eine Rückmeldung per Brief fehlt die Anschrift.")),
                  Idea.Contact.PHONE: ("submitter_phone", _("Für eine Rückmeldung per Telefon fehlt die Nummer."))}
        if preference in needed and not data.get(needed[preference][0]):
            self.add_error(needed[preference][0], needed[preference][1])
        has_contact = any(data.get(n) for n in ("submitter_name", "submitter_email", "submitter_phone",
                                                 "submitter_address"))
        if has_contact and not data.get("consent"):
            self.add_error("consent", _("Kontaktdaten werden nur mit Einwilligung gespeichert."))
        if data.get("workshop") and data.get("event") and data["workshop"].event_id != data["event"].pk:
            self.add_error("workshop", _("Diese Arbeitsgruppe gehört zu einer anderen Veranstaltung."))
        if data.get("workshop") and not data.get("event"):
            data["event"] = data["workshop"].event
        return data

    def save(self, commit=True):
        if self.cleaned_data.get("consent"):
            self.instance.consent_at = self.instance.consent_at or timezone.now()
        else:
            self.instance.consent_at = None
        return super().save(commit)


class IdeaStatusForm(forms.Form):
    to_status = forms.ChoiceField(label=_("neuer Status"))
    reason = forms.CharField(label=_("Begründung (bei Annahme oder Ablehnung nötig; wird veröffentlicht)"),
                             required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, idea, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["to_status"].choices = [(s, Idea.Status(s).label) for s in idea.allowed_transitions()]


class IdeaMeasureForm(forms.Form):
    mode = forms.ChoiceField(label=_("Maßnahme"), widget=forms.RadioSelect, initial="new",
                             choices=[("new", _("neue Maßnahme anlegen")), ("existing", _("mit bestehender Maßnahme verknüpfen"))])
    title = forms.CharField(label=_("Titel der neuen Maßnahme"), max_length=300, required=False)
    external_id = forms.CharField(label=_("Externe ID der neuen Maßnahme"), max_length=80, required=False)
    description = forms.CharField(label=_("Beschreibung der neuen Maßnahme"), required=False,
                                  widget=forms.Textarea(attrs={"rows": 4}))
    measure = forms.ModelChoiceField(label=_("bestehende Maßnahme"), queryset=Measure.objects.none(), required=False)

    def __init__(self, *args, idea, concept, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["measure"].queryset = concept.measures.all() if concept else Measure.objects.none()
        self.fields["title"].initial = idea.title
        self.fields["description"].initial = idea.description
        self.fields["external_id"].initial = f"M-IDEE-{idea.pk}"

    def clean(self):
        data = super().clean()
        if data.get("mode") == "existing" and not data.get("measure"):
            self.add_error("measure", _("Bitte wählen Sie eine Maßnahme."))
        if data.get("mode") == "new":
            for name in ("title", "external_id"):
                if not data.get(name):
                    self.add_error(name, _("Dieses Feld ist zwingend erforderlich."))
        return data


class IdeaMotionForm(forms.Form):
    """The motion made of an idea: which body brings it in, its number, title and text (the
    idea's, to be edited: nothing that names the author unless they agreed)."""

    organization = forms.ModelChoiceField(label=_("Antrag des Gremiums"), queryset=Organization.objects.none(),
                                          help_text=_("Das Gremium berät den Antrag zuerst."))
    reference = forms.CharField(label=_("Drucksachennummer"), max_length=40)
    title = forms.CharField(label=_("Titel"), max_length=300)
    text = forms.CharField(label=_("Antragstext"), widget=forms.Textarea(attrs={"rows": 8}), help_text=_(
        "Wird als PDF zur Vorlage. Bitte entfernen Sie Angaben, die die einreichende Person erkennbar machen."))
    name_author = forms.BooleanField(label=_("Name der einreichenden Person nennen"), required=False, help_text=_(
        "Nur, wenn die Person eingewilligt hat, im Antrag genannt zu werden."))
    publish = forms.BooleanField(label=_("Vorlage gleich veröffentlichen"), required=False)

    def __init__(self, *args, idea, **kwargs):
        super().__init__(*args, **kwargs)
        organizations = Organization.objects.of(idea.municipality).alive()
        self.fields["organization"].queryset = organizations
        council = organizations.filter(kind__in=[Organization.Kind.INTEGRATION_COUNCIL,
                                                 Organization.Kind.INTEGRATION_ADVISORY]).first()
        self.fields["organization"].initial = council.pk if council else None
        self.fields["title"].initial = idea.title
        self.fields["text"].initial = idea.description
        if not (idea.submitter_name and idea.consent_at):
            del self.fields["name_author"]


class HideCommentForm(forms.Form):
    reason = forms.CharField(label=_("Grund (die verfassende Person erfährt ihn)"), max_length=300)


class SettingsForm(forms.ModelForm):
    category_lines = forms.CharField(
        label=_("weitere Kategorien der Selbstauskunft"), required=False, widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Eine Frage je Zeile, z. B. „Frau“ oder „unter 27 Jahre alt“. Die Antworten (ja / nein / keine "
                    "Angabe) werden nur als Zahlen je Veranstaltung gespeichert."))

    class Meta:
        model = ParticipationSettings
        fields = ["moderation", "retention_months"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["category_lines"].initial = "\n".join(c["label"] for c in self.instance.categories)

    def clean_category_lines(self):
        categories, seen = [], set()
        for number, line in enumerate(self.cleaned_data["category_lines"].splitlines(), start=1):
            label = line.strip()
            if not label:
                continue
            if len(label) > 100:
                raise forms.ValidationError(_("Zeile %(n)s: höchstens 100 Zeichen.") % {"n": number})
            key = slugify(label)[:50] or f"k{number}"
            if key in seen or key == "migration":
                raise forms.ValidationError(_("Zeile %(n)s: diese Kategorie gibt es schon.") % {"n": number})
            seen.add(key)
            categories.append({"key": key, "label": label})
        return categories

    def save(self, commit=True):
        self.instance.categories = self.cleaned_data["category_lines"]
        return super().save(commit)
