"""Forms of the topic pages: topics, information texts, an offer's topics."""
from django import forms
from django.utils.translation import gettext_lazy as _

from teilhabe.strategy.models import current_concept
from teilhabe.topics.models import InformationText, Topic


class TopicForm(forms.ModelForm):
    plain_language = ("summary",)
    field_keys = forms.MultipleChoiceField(
        label=_("Handlungsfelder"), required=False, widget=forms.CheckboxSelectMultiple,
        help_text=_("Angebote und Veranstaltungen dieser Handlungsfelder erscheinen auf der Themenseite, "
                    "dazu die Angebote, die dem Thema zugeordnet sind."))

    class Meta:
        model = Topic
        fields = ["title", "key", "summary", "icon", "position", "is_published", "field_keys"]

    def __init__(self, *args, municipality, **kwargs):
        super().__init__(*args, **kwargs)
        self.municipality = municipality
        concept = current_concept(municipality)
        choices = [(f.key, f.name) for f in concept.fields.all()] if concept else []
        known = {key for key, _name in choices}
        # A key of an older concept version stays choosable until it is unticked.
        choices += [(key, key) for key in self.instance.field_keys if key not in known]
        self.fields["field_keys"].choices = choices

    def clean_key(self):
        key = self.cleaned_data["key"]
        if self.municipality.topics.filter(key=key).exclude(pk=self.instance.pk).exists():
            raise forms.ValidationError(_("Diesen Schlüssel hat schon ein anderes Thema."))
        return key


class InformationTextForm(forms.ModelForm):
    plain_language = ("body",)

    class Meta:
        model = InformationText
        fields = ["title", "body", "position", "is_published"]
        widgets = {"body": forms.Textarea(attrs={"rows": 10})}


class OfferTopicsForm(forms.Form):
    topics = forms.ModelMultipleChoiceField(label=_("Themen"), queryset=Topic.objects.none(), required=False,
                                            widget=forms.CheckboxSelectMultiple)

    def __init__(self, *args, municipality, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["topics"].queryset = municipality.topics.all()
