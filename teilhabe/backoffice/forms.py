"""Back-office forms. Every choice of a related object is limited to the municipality
(and, for an actor editor, to their own actors), so a forged POST cannot reach across."""
import datetime

from django import forms
from django.utils.translation import gettext_lazy as _

from teilhabe.actors import rules as actor_rules
from teilhabe.actors.models import Actor, ContactPerson
from teilhabe.council import rules as council_rules
from teilhabe.council.models import decisions
from teilhabe.lib.forms import model_formfield
from teilhabe.municipalities.models import District, Language, TargetGroup
from teilhabe.offers.models import TRANSLATED_FIELDS, Offer, OfferTranslation
from teilhabe.strategy import rules as strategy_rules

from . import plain_language
from .hours_fields import ClosingDaysField, OpeningHoursField
from teilhabe.strategy.models import (
    Concept, FieldOfAction, Goal, GuidelineSection, Measure, current_concept,
)

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
CHECKS = forms.CheckboxSelectMultiple


def decision_choice(form, name, municipality):
    """The field choosing a council decision: the municipality's decisions (council.models
    .decisions), named by paper, body and day."""
    field = form.fields[name]
    field.queryset = decisions(municipality)
    field.label_from_instance = lambda consultation: consultation.label()


class UniqueKeyMixin:
    """Django's ModelForm skips unique constraints that involve a field not on the form
    (municipality, concept, actor), so the key is checked here, with a field error."""

    unique_key = ("municipality", "external_id")

    def clean(self):
        cleaned = super().clean()
        scope, key = self.unique_key
        value = cleaned.get(key)
        if value and not self.fields[key].disabled:
            clash = type(self.instance)._default_manager.filter(
                **{scope: getattr(self.instance, scope), key: value}).exclude(pk=self.instance.pk)
            if clash.exists():
                self.add_error(key, _("Dieser Schlüssel ist schon vergeben."))
        return cleaned


class ConceptForm(forms.ModelForm):
    plain_language = ("summary",)

    class Meta:
        model = Concept
        fields = ["title", "summary", "period_start", "period_end", "adopted_on", "adopted_by", "adoption"]
        widgets = {"adopted_on": DATE, "summary": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args, municipality, **kwargs):
        super().__init__(*args, **kwargs)
        self.municipality = municipality
        decision_choice(self, "adoption", municipality)
        if not self.instance.pk:
            self.instance.municipality = municipality
            latest = municipality.concepts.order_by("-version").first()
            self.instance.version = latest.version + 1 if latest else 1


class AdoptForm(forms.Form):
    adopted_on = forms.DateField(label=_("beschlossen am"), widget=DATE)
    adopted_by = forms.CharField(label=_("beschlossen durch"), max_length=300,
                                 help_text=_("z. B. „Rat der Stadt, einstimmig, nach Vorberatung im Integrationsbeirat“"))
    adoption = forms.ModelChoiceField(
        label=Concept._meta.get_field("adoption").verbose_name, queryset=Concept.objects.none(), required=False,
        help_text=Concept._meta.get_field("adoption").help_text)

    def __init__(self, *args, municipality, **kwargs):
        super().__init__(*args, **kwargs)
        decision_choice(self, "adoption", municipality)


class GuidelineForm(forms.ModelForm):
    plain_language = ("body",)

    class Meta:
        model = GuidelineSection
        fields = ["title", "body", "position"]
        widgets = {"body": forms.Textarea(attrs={"rows": 12})}
        help_texts = {"body": _("Absätze als <p>…</p>; erlaubt sind auch Listen, Hervorhebungen und Links.")}


class NamesFormMixin:
    """Edits a {"de": ..., "en": ...} names field as one text box per language the
    municipality offers; German is required."""

    def add_name_fields(self, municipality, label):
        names = self.instance.names or {}
        codes = ["de"] + sorted(c for c in municipality.languages.values_list("code", flat=True) if c != "de")
        for code in codes:
            self.fields[f"name_{code}"] = forms.CharField(
                label=f"{label} ({code})", max_length=200, required=code == "de", initial=names.get(code, ""))
        self.name_codes = codes

    def collect_names(self):
        names = dict(self.instance.names or {})
        for code in self.name_codes:
            value = self.cleaned_data.get(f"name_{code}", "").strip()
            if value:
                names[code] = value
            else:
                names.pop(code, None)
        self.instance.names = names


class FieldOfActionForm(UniqueKeyMixin, NamesFormMixin, forms.ModelForm):
    plain_language = ("description",)
    unique_key = ("concept", "key")

    class Meta:
        model = FieldOfAction
        fields = ["key", "description", "position"]

    def __init__(self, *args, concept, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.concept = concept
        self.add_name_fields(concept.municipality, _("Bezeichnung"))
        if self.instance.pk:  # the key links offers and imports; it stays
            self.fields["key"].disabled = True

    def clean(self):
        cleaned = super().clean()
        self.collect_names()
        return cleaned


class GoalForm(UniqueKeyMixin, forms.ModelForm):
    plain_language = ("description",)
    unique_key = ("concept", "key")

    class Meta:
        model = Goal
        fields = ["title", "key", "kind", "field", "parent", "description", "position"]

    def __init__(self, *args, concept, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.concept = concept
        self.fields["field"].queryset = concept.fields.all()
        parents = concept.goals.all()
        if self.instance.pk:
            parents = parents.exclude(pk=self.instance.pk)
            self.fields["key"].disabled = True
        self.fields["parent"].queryset = parents


class MeasureForm(UniqueKeyMixin, forms.ModelForm):
    plain_language = ("description",)
    unique_key = ("concept", "external_id")

    class Meta:
        model = Measure
        formfield_callback = model_formfield
        fields = ["title", "external_id", "description", "fields", "goals", "responsible_actor",
                  "partner_actors", "target_groups", "districts", "start_date", "end_date",
                  "funding_source", "budget", "council_decision", "is_public"]
        widgets = {"start_date": DATE, "end_date": DATE, "fields": CHECKS, "goals": CHECKS,
                   "target_groups": CHECKS, "districts": CHECKS}

    def __init__(self, *args, concept, user, **kwargs):
        super().__init__(*args, **kwargs)
        municipality = concept.municipality
        self.instance.concept = concept
        self.fields["fields"].queryset = concept.fields.all()
        self.fields["goals"].queryset = concept.goals.all()
        partners = actor_rules.visible(user, municipality)
        self.fields["partner_actors"].queryset = partners
        # Partners an actor editor may not see are not on the form; saving keeps them.
        self.kept_partners = list(self.instance.partner_actors.exclude(pk__in=partners)) if self.instance.pk else []
        self.fields["responsible_actor"].queryset = actor_rules.own(user, municipality)
        if not strategy_rules.may_leave_measure_unassigned(user, municipality):
            self.fields["responsible_actor"].required = True
        self.fields["target_groups"].queryset = municipality.target_groups.all()
        self.fields["districts"].queryset = municipality.districts.all()
        # Only who keeps the council part links to it (an actor editor may not read it).
        if council_rules.may_edit(user, municipality):
            decision_choice(self, "council_decision", municipality)
        else:
            del self.fields["council_decision"]
        if self.instance.pk:
            self.fields["external_id"].disabled = True
        else:
            self.fields["status"] = forms.ChoiceField(
                label=_("Status zu Beginn"), choices=Measure.Status.choices[:-1], initial="planned")


    def clean_partner_actors(self):
        return list(self.cleaned_data["partner_actors"]) + self.kept_partners

    def save(self, commit=True):
        if "status" in self.cleaned_data:
            self.instance.status = self.cleaned_data["status"]
        return super().save(commit)


class StatusChangeForm(forms.Form):
    to_status = forms.ChoiceField(label=_("neuer Status"))
    changed_on = forms.DateField(label=_("Datum"), widget=DATE)
    # The portal and the API show a status change's date and status, never its note.
    note = forms.CharField(label=_("Anmerkung"), max_length=300, required=False,
                           help_text=_("nur intern sichtbar"))

    def __init__(self, *args, measure, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["changed_on"].initial = datetime.date.today()
        self.fields["to_status"].choices = [
            (s, Measure.Status(s).label) for s in measure.allowed_transitions()]


class ActorForm(UniqueKeyMixin, forms.ModelForm):
    plain_language = ("description",)

    class Meta:
        model = Actor
        formfield_callback = model_formfield
        fields = ["name", "external_id", "kind", "description", "street", "postcode", "city",
                  "website", "email", "phone", "districts", "languages", "works_in", "is_published"]
        widgets = {"districts": CHECKS, "works_in": CHECKS}

    def __init__(self, *args, municipality, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.municipality = municipality
        self.fields["districts"].queryset = municipality.districts.all()
        # The other towns of its Kreis (of a Kreis's own actor: all its towns); none outside a Kreis.
        kreis = municipality if municipality.is_kreis else municipality.parent
        if kreis is None:
            del self.fields["works_in"]
        else:
            self.fields["works_in"].queryset = kreis.towns.exclude(pk=municipality.pk).order_by("name")
        self.fields["languages"].queryset = Language.objects.all()
        self.fields["languages"].widget.attrs["size"] = 8
        if self.instance.pk:
            self.fields["external_id"].disabled = True


class ContactForm(UniqueKeyMixin, forms.ModelForm):
    unique_key = ("actor", "key")

    give_consent = forms.BooleanField(
        label=_("Die Person hat der Veröffentlichung zugestimmt"), required=False,
        help_text=_("Nur ankreuzen, wenn die Einwilligung schriftlich vorliegt; Nachweis unten angeben."))

    class Meta:
        model = ContactPerson
        fields = ["role", "name", "key", "email", "phone", "consent_note", "publish"]

    def __init__(self, *args, actor, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.actor = actor
        self.fields["give_consent"].initial = bool(self.instance.consent_at)
        if self.instance.pk:
            self.fields["key"].disabled = True

    def clean(self):
        from django.utils import timezone

        cleaned = super().clean()
        if cleaned.get("give_consent"):
            if not self.instance.consent_at:
                self.instance.consent_at = timezone.now()
            if not cleaned.get("consent_note"):
                self.add_error("consent_note", _("Bitte angeben, wo die Einwilligung dokumentiert ist."))
        else:
            self.instance.consent_at = None
            if cleaned.get("publish"):
                self.add_error("publish", _("Veröffentlichen nur mit erfasster Einwilligung."))
        return cleaned


class OfferForm(UniqueKeyMixin, forms.ModelForm):
    plain_language = ("description", "accessibility")
    opening_hours = OpeningHoursField(
        label=_("Öffnungszeiten"), required=False,
        help_text=_("Eine Zeile je Tag oder Spanne, mehrere Zeiten durch Komma: „Mo–Fr 09:00–12:00“, "
                    "„Di 14:00–16:00, 17:00–19:00“."))
    closing_days = ClosingDaysField(label=_("Schließtage"), required=False,
                                    help_text=_("Besondere Tage, an denen geschlossen ist, z. B. 24.12.2026."))

    class Meta:
        model = Offer
        formfield_callback = model_formfield
        fields = ["title", "external_id", "description", "field_of_action", "provider", "measure",
                  "target_groups", "districts", "languages", "place_name", "street", "postcode", "city",
                  "latitude", "longitude", "opening_hours", "by_appointment", "closed_on_holidays",
                  "closing_days", "schedule", "cost", "accessibility", "contact_name", "contact_email", "contact_phone",
                  "website", "serves", "is_published"]
        widgets = {"target_groups": CHECKS, "districts": CHECKS, "serves": CHECKS,
                   "description": forms.Textarea(attrs={"rows": 6}),
                   "schedule": forms.Textarea(attrs={"rows": 3}),
                   "accessibility": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, municipality, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.municipality = municipality
        concept = current_concept(municipality)
        self.fields["field_of_action"].queryset = (
            concept.fields.all() if concept else FieldOfAction.objects.none())
        measures = concept.measures.all() if concept else Measure.objects.none()
        self.fields["measure"].queryset = strategy_rules.choosable_measures(user, municipality, measures)
        self.fields["provider"].queryset = actor_rules.own(user, municipality)
        self.fields["target_groups"].queryset = municipality.target_groups.all()
        self.fields["districts"].queryset = municipality.districts.all()
        self.fields["languages"].widget.attrs["size"] = 8
        if municipality.is_kreis:  # only the Kreis's own towns
            self.fields["serves"].queryset = municipality.towns.order_by("name")
        else:
            del self.fields["serves"]
        if self.instance.pk:
            self.fields["external_id"].disabled = True



class TranslationForm(forms.ModelForm):
    plain_language = ("description", "accessibility")

    class Meta:
        model = OfferTranslation
        fields = list(TRANSLATED_FIELDS)
        widgets = {"description": forms.Textarea(attrs={"rows": 6}),
                   "schedule": forms.Textarea(attrs={"rows": 3}),
                   "accessibility": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        language = self.instance.language
        for field in self.fields.values():  # typed text is in the target language
            field.widget.attrs.update(lang=language.code, dir="rtl" if language.rtl else "ltr")
        plain_language.for_language(self, language.code)

    def save(self, commit=True):
        # Saving a translation states that it matches the current German text.
        self.instance.source_revision = self.instance.offer.text_revision
        return super().save(commit)
