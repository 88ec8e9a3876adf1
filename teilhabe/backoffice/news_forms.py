"""Forms of the news pages in the back office (views/news.py)."""
from django import forms
from django.utils.translation import gettext_lazy as _

from teilhabe.lib.forms import model_formfield
from teilhabe.news.models import NewsItem
from teilhabe.participation.models import Idea
from teilhabe.strategy.models import FieldOfAction, Measure

DATETIME = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")
LINKS = ("events", "measures", "fields", "ideas")


class NewsItemForm(forms.ModelForm):
    plain_language = ("teaser", "text")
    formfield_callback = model_formfield

    class Meta:
        model = NewsItem
        fields = ["title", "teaser", "text", "date", "office", "status", "publish_at",
                  "press_contact_role", "press_contact_name", "press_contact_consent", "press_contact_email",
                  "press_contact_phone", *LINKS]
        widgets = {"publish_at": DATETIME, "date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
                   "teaser": forms.Textarea(attrs={"rows": 3}), "text": forms.Textarea(attrs={"rows": 12}),
                   **{name: forms.CheckboxSelectMultiple for name in ("fields",)}}
        help_texts = {"text": _("Absätze, Hervorhebungen, Listen und Links (HTML); alles andere wird entfernt.")}

    def __init__(self, *args, municipality, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["publish_at"].input_formats = ["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%d.%m.%Y %H:%M"]
        self.fields["events"].queryset = municipality.events.order_by("-starts_at")
        self.fields["measures"].queryset = Measure.objects.filter(concept__municipality=municipality)
        self.fields["fields"].queryset = FieldOfAction.objects.filter(concept__municipality=municipality)
        self.fields["ideas"].queryset = Idea.objects.filter(municipality=municipality).order_by("-pk")

    def clean(self):
        data = super().clean()
        if data.get("press_contact_name") and not data.get("press_contact_consent"):
            self.add_error("press_contact_name", _("Ein Name nur mit Einwilligung der Person; sonst bitte nur die "
                                                   "Funktion angeben."))
        return data


class PictureForm(forms.Form):
    image = forms.FileField(label=_("Bild"), help_text=_("JPEG, PNG, WebP oder GIF, bis 15 MB und 40 Megapixel. "
                                                         "Ortsangaben und andere Metadaten werden entfernt."))
    alt_text = forms.CharField(label=_("Alternativtext"), max_length=300,
                               help_text=_("Was das Bild zeigt, für Menschen, die es nicht sehen."))
    caption = forms.CharField(label=_("Bildunterschrift"), max_length=300, required=False)
    credit = forms.CharField(label=_("Bildnachweis"), max_length=160)
    licence = forms.CharField(label=_("Lizenz"), max_length=120, initial="CC BY 4.0")


class AttachmentForm(forms.Form):
    file = forms.FileField(label=_("PDF-Datei"))
    name = forms.CharField(label=_("Bezeichnung"), max_length=200)
