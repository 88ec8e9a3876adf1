"""The public forms of participation: registration, idea, support, comment and report.
Choices of related objects are limited to the municipality, so a forged POST cannot reach
across."""
import uuid

from django import forms
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from teilhabe.actors.models import Actor
from teilhabe.municipalities.languages import content_code
from teilhabe.participation.forms import Layout, self_description_fields
from teilhabe.participation.models import Workshop
from teilhabe.translations.texts import prefetch, texts_in


def consent_field():
    """The consent checkbox: its label is the whole consent text, so the list of errors
    above the form names it by a short label instead of repeating the paragraph."""
    field = forms.BooleanField(label=_("Einwilligung"))
    field.short_label = _("Einwilligung")
    return field


class SpamProtected(Layout, forms.Form):
    """A honeypot field people never see (hidden by CSS, skipped by keyboard and screen
    readers) and a one-time token that turns a double-clicked submit into one record."""

    homepage = forms.CharField(label=_("Bitte dieses Feld leer lassen"), required=False,
                               widget=forms.TextInput(attrs={"tabindex": "-1", "autocomplete": "off"}))
    form_token = forms.CharField(widget=forms.HiddenInput, required=False, max_length=64)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["form_token"].initial = uuid.uuid4().hex

    @property
    def is_spam(self):
        return bool(self.data.get(self.add_prefix("homepage")))


class RegistrationForm(SpamProtected):
    name = forms.CharField(label=_("Name"), max_length=120)
    email = forms.EmailField(label=_("E-Mail"), help_text=_("Hierhin schicken wir die Bestätigung mit dem Link "
                                                           "zum Abmelden."))
    actor = forms.ModelChoiceField(
        label=_("Ich komme für (Organisation)"), queryset=Actor.objects.none(), required=False,
        empty_label=_("keine Organisation aus der Liste"),
        help_text=_("Freiwillig. Steht Ihre Organisation nicht in der Liste, können Sie sie im nächsten Feld "
                    "eintragen."))
    organisation = forms.CharField(label=_("Organisation (freiwillig)"), max_length=200, required=False)
    workshop = forms.ModelChoiceField(label=_("Arbeitsgruppe / Tisch"), queryset=Workshop.objects.none(),
                                      required=False, empty_label=_("noch offen"))
    access_needs = forms.CharField(label=_("Brauchen Sie etwas, um teilnehmen zu können? (Barrierefreiheit)"),
                                   max_length=500, required=False, widget=forms.Textarea(attrs={"rows": 2}))
    interpreting_needs = forms.CharField(label=_("Brauchen Sie eine Übersetzung? In welche Sprache?"),
                                         max_length=300, required=False)
    consent = consent_field()

    def __init__(self, *args, event, months, **kwargs):
        super().__init__(*args, **kwargs)
        workshops = event.workshops.all()
        self.fields["workshop"].queryset = workshops
        if not workshops:
            del self.fields["workshop"]
        else:  # the choices named in the visitor's language, as on the event's page
            code = content_code(get_language())
            titles = {w.pk: texts_in(w, code)["title"] for w in prefetch(workshops, code)}
            self.fields["workshop"].label_from_instance = lambda w: titles.get(w.pk, w.title)
        # The municipality's published actors only: a forged id is "not a valid choice".
        actors = event.municipality.actors.public().order_by("name")
        self.fields["actor"].queryset = actors
        if not actors.exists():
            del self.fields["actor"]
        self.fields["consent"].label = event.consent(months)
        self_description_fields(self, event.municipality)


class IdeaForm(SpamProtected):
    title = forms.CharField(label=_("Ihre Idee in einem Satz"), max_length=200)
    description = forms.CharField(label=_("Beschreibung"), max_length=5000, widget=forms.Textarea(attrs={"rows": 6}))
    field = forms.ModelChoiceField(label=_("Handlungsfeld"), queryset=None)
    district = forms.ModelChoiceField(label=_("Stadtteil (freiwillig)"), queryset=None, required=False,
                                      empty_label=_("ganze Stadt"))
    target_group = forms.ModelChoiceField(label=_("Zielgruppe (freiwillig)"), queryset=None, required=False,
                                          empty_label=_("keine Auswahl"))
    name = forms.CharField(label=_("Name (freiwillig, wird nicht veröffentlicht)"), max_length=120, required=False)
    email = forms.EmailField(label=_("E-Mail"), help_text=_("Zur Bestätigung und damit wir Ihnen sagen können, was aus "
                                                           "Ihrer Idee wird. Sie wird nicht veröffentlicht."))
    consent = consent_field()

    def __init__(self, *args, municipality, fields, months, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["field"].queryset = fields
        self.fields["district"].queryset = municipality.districts.all()
        self.fields["target_group"].queryset = municipality.target_groups.all()
        self.fields["consent"].label = _(
            "Ich bin einverstanden, dass die Stadt meine E-Mail-Adresse (und meinen Namen, falls angegeben) "
            "speichert, um mir den Stand meiner Idee mitzuteilen. Titel und Beschreibung werden veröffentlicht. "
            "Die Kontaktdaten werden %(months)s Monate nach der Entscheidung gelöscht.") % {"months": months}


class SupportForm(SpamProtected):
    email = forms.EmailField(label=_("Ihre E-Mail-Adresse"),
                             help_text=_("Wir schicken einen Link zur Bestätigung; gezählt wird jede Person einmal."))


class CommentForm(SpamProtected):
    author_name = forms.CharField(label=_("angezeigter Name (freiwillig)"), max_length=80, required=False)
    email = forms.EmailField(label=_("E-Mail (wird nicht angezeigt)"),
                             help_text=_("Ihr Kommentar erscheint, nachdem Sie ihn über den Link bestätigt haben."))
    body = forms.CharField(label=_("Kommentar"), max_length=2000, widget=forms.Textarea(attrs={"rows": 4}))


class ReportForm(forms.Form):
    reason = forms.CharField(label=_("Warum melden Sie diesen Kommentar?"), max_length=300)
