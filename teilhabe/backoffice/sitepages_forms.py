"""Forms of the pages a public body's website must have (sitepages) in the back office."""
from django import forms
from django.utils.translation import gettext_lazy as _

from teilhabe.sitepages.models import Feedback, SitePage

from . import plain_language

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
FIELDS = {
    SitePage.Kind.ACCESSIBILITY: ["body", "conformity", "non_accessible", "prepared_on", "reviewed_on"],
    SitePage.Kind.SIGN_LANGUAGE: ["body", "transcript"],
}


class SitePageForm(forms.ModelForm):
    plain_language = ("body", "non_accessible", "transcript")

    class Meta:
        model = SitePage
        fields = ["body", "conformity", "non_accessible", "prepared_on", "reviewed_on", "transcript"]
        widgets = {"body": forms.Textarea(attrs={"rows": 16}), "non_accessible": forms.Textarea(attrs={"rows": 6}),
                   "prepared_on": DATE, "reviewed_on": DATE, "transcript": forms.Textarea(attrs={"rows": 8})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in list(self.fields):
            if name not in FIELDS.get(self.instance.kind, ["body"]):
                del self.fields[name]
        # The page explaining the site in Leichte Sprache is written in it.
        plain_language.for_language(self, "de-ls" if self.instance.kind == SitePage.Kind.EASY_LANGUAGE else "de")
        if "conformity" in self.fields:
            self.fields["conformity"].required = True
        if self.instance.kind == SitePage.Kind.SIGN_LANGUAGE:
            self.fields["video"] = forms.FileField(
                label=_("Video (MP4 oder WebM, höchstens 200 MB)"), required=False,
                help_text=_("Ersetzt das bisherige Video. Die Textfassung ist Pflicht."))
            if self.instance.video:
                self.fields["remove_video"] = forms.BooleanField(label=_("Video entfernen"), required=False)
            self.fields["captions"] = forms.FileField(
                label=_("Untertitel (WebVTT, höchstens 1 MB)"), required=False,
                help_text=_("Eine .vtt-Datei mit den Untertiteln zum Video; ersetzt die bisherige."))
            if self.instance.captions:
                self.fields["remove_captions"] = forms.BooleanField(label=_("Untertitel entfernen"), required=False)


class FeedbackForm(forms.ModelForm):
    class Meta:
        model = Feedback
        fields = ["answered_on", "note"]
        widgets = {"answered_on": DATE, "note": forms.Textarea(attrs={"rows": 4})}
