"""Forms of course steering's back office. Every choice of a town, district or provider is
limited to the Kreis and to what the person may act for (courses/rules.py), so a forged
POST cannot reach across."""
from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from teilhabe.actors.models import Actor
from teilhabe.courses import rules
from teilhabe.courses.models import (
    Course, CourseType, Kita, KitaProgramme, KreisCourseSettings, Learner, ProviderApproval, TimeOfDay,
)
from teilhabe.lib.forms import model_formfield
from teilhabe.municipalities.models import District

from .forms import CHECKS, DATE


class KreisKeyMixin:
    """The external id is unique within the Kreis; the form does not show the Kreis, so
    Django's ModelForm would skip the constraint: checked here, with a field error."""

    def clean_external_id(self):
        value = self.cleaned_data["external_id"]
        clash = type(self.instance)._default_manager.filter(
            kreis=self.instance.kreis, external_id=value).exclude(pk=self.instance.pk)
        if clash.exists():
            raise forms.ValidationError(_("Diese Kennung ist im Kreis schon vergeben."))
        return value


def kreis_providers(kreis):
    """The education providers (or approved actors) of the Kreis and its towns."""
    return Actor.objects.filter(
        Q(kind=Actor.Kind.EDUCATION) | Q(course_approval__isnull=False),
        municipality__in=[kreis.pk, *kreis.towns.values_list("pk", flat=True)]).order_by("name")


def providers_for(user, kreis):
    """The actors a course may name as provider: the Kreis coordinator any of the Kreis's
    providers, a provider's editor only their own actors."""
    if rules.may_steer(user, kreis):
        return kreis_providers(kreis)
    return Actor.objects.filter(pk__in=rules.provider_ids(user, kreis)).order_by("name")


class CourseForm(KreisKeyMixin, forms.ModelForm):
    class Meta:
        model = Course
        formfield_callback = model_formfield
        fields = ["external_id", "provider", "type", "status", "town", "district", "place", "starts_on", "ends_on",
                  "time_of_day", "hours", "capacity", "booked", "childcare", "accessibility", "registration"]
        widgets = {"starts_on": DATE, "ends_on": DATE,
                   "accessibility": forms.Textarea(attrs={"rows": 3}),
                   "registration": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, kreis, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.kreis = kreis
        self.fields["provider"].queryset = providers_for(user, kreis)
        self.fields["town"].queryset = kreis.towns.all()
        self.fields["district"].queryset = District.objects.filter(municipality__parent=kreis).select_related(
            "municipality")
        self.fields["district"].label_from_instance = lambda d: f"{d.municipality.name}: {d.name}"
        if self.instance.pk:
            self.fields["external_id"].disabled = True

    def clean(self):
        cleaned = super().clean()
        capacity, booked = cleaned.get("capacity"), cleaned.get("booked")
        if self.instance.pk and capacity is not None and booked is not None:
            placed = self.instance.learners.filter(status=Learner.Status.PLACED).count()
            if booked + placed > capacity:
                self.add_error("capacity", _("Es sind schon %(placed)d Personen von der Warteliste und "
                                             "%(booked)d weitere im Kurs: mehr Plätze angeben.")
                               % {"placed": placed, "booked": booked})
        return cleaned


class ApprovalForm(forms.ModelForm):
    class Meta:
        model = ProviderApproval
        fields = ["number", "approved_until", "note"]
        widgets = {"approved_until": DATE, "note": forms.Textarea(attrs={"rows": 3})}


class LearnerForm(KreisKeyMixin, forms.ModelForm):
    """Only what decides a placement, and optionally how the provider reaches the person;
    deliberately no field for nationality, origin or migration background."""

    types = forms.MultipleChoiceField(label=_("mögliche Kursarten"), choices=CourseType.choices, widget=CHECKS)
    times = forms.MultipleChoiceField(label=_("mögliche Tageszeiten"), choices=TimeOfDay.choices, widget=CHECKS,
                                      initial=[value for value, _label in TimeOfDay.choices])

    class Meta:
        model = Learner
        formfield_callback = model_formfield
        fields = ["external_id", "reference", "town", "registered_on", "types", "towns", "times",
                  "needs_childcare", "earliest_start", "entitlement", "name", "contact"]
        widgets = {"registered_on": DATE, "earliest_start": DATE, "towns": CHECKS}
        help_texts = {"external_id": _("Eindeutige Kennung auf der Warteliste des Kreises, ohne Namen."),
                      "towns": _("Ohne Auswahl: nur der Wohnort.")}

    def __init__(self, *args, kreis, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.kreis = kreis
        self.fields["town"].queryset = rules.learner_towns(user, kreis)
        self.fields["towns"].queryset = kreis.towns.all()
        self.fields["towns"].required = False
        self.fields["entitlement"].required = False
        if self.instance.pk:
            self.fields["external_id"].disabled = True

    def clean(self):
        cleaned = super().clean()
        town = cleaned.get("town")
        if town is not None and not cleaned.get("towns"):
            cleaned["towns"] = self.fields["towns"].queryset.filter(pk=town.pk)
        return cleaned


class KitaForm(forms.ModelForm):
    """A Kita with its programmes: one number per programme (children reached; empty or 0
    when the Kita does not run it). Counts only, never children."""

    class Meta:
        model = Kita
        fields = ["municipality", "external_id", "name", "district", "places", "children_needing_support",
                  "counted_on"]
        widgets = {"counted_on": DATE}

    def __init__(self, *args, kreis, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["municipality"].queryset = rules.kita_towns(user, kreis)
        self.fields["district"].queryset = District.objects.filter(municipality__parent=kreis).select_related(
            "municipality")
        self.fields["district"].label_from_instance = lambda d: f"{d.municipality.name}: {d.name}"
        current = {p.programme: p.places for p in self.instance.programmes.all()} if self.instance.pk else {}
        for value, label in KitaProgramme.Programme.choices:
            self.fields[f"programme_{value}"] = forms.IntegerField(
                label=_("%(programme)s: erreichte Kinder") % {"programme": label}, required=False,
                min_value=0, max_value=1000, initial=current.get(value))
        if self.instance.pk:
            self.fields["external_id"].disabled = True
            self.fields["municipality"].disabled = True

    def clean(self):
        cleaned = super().clean()
        town, key = cleaned.get("municipality"), cleaned.get("external_id")
        if town and key and Kita.objects.filter(municipality=town, external_id=key).exclude(
                pk=self.instance.pk).exists():
            self.add_error("external_id", _("Diese Kennung ist in der Stadt schon vergeben."))
        return cleaned

    def save_programmes(self):
        for value, _label in KitaProgramme.Programme.choices:
            places = self.cleaned_data.get(f"programme_{value}")
            if places:
                KitaProgramme.objects.update_or_create(kita=self.instance, programme=value,
                                                       defaults={"places": places})
            else:
                KitaProgramme.objects.filter(kita=self.instance, programme=value).delete()


class KreisSettingsForm(forms.ModelForm):
    class Meta:
        model = KreisCourseSettings
        fields = ["minimum_size", "retention_days", "referring_office"]
        widgets = {"referring_office": forms.Textarea(attrs={"rows": 4})}


class AllocationDateForm(forms.Form):
    on_date = forms.DateField(label=_("Stichtag"), widget=DATE)
