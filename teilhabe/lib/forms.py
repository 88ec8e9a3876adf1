"""Form pieces every ModelForm of ours shares."""
from django import forms
from django.core.exceptions import ValidationError
from django.db import models


class IdMultipleChoiceField(forms.ModelMultipleChoiceField):
    """Rejects ids that are not small whole numbers before they reach the database:
    SQLite raises OverflowError on a pk__in with a number beyond 64 bits."""

    def _check_values(self, value):
        for item in value:
            text = str(item)
            if not text.isdigit() or len(text) > 18:
                raise ValidationError(self.error_messages["invalid_pk_value"], code="invalid_pk_value",
                                      params={"pk": item})
        return super()._check_values(value)


def model_formfield(field, **kwargs):
    """formfield_callback for our ModelForms: many-to-many choices checked as above, and a
    web address typed without scheme means https (Django 6's default already)."""
    if isinstance(field, models.URLField):
        kwargs.setdefault("assume_scheme", "https")
    if isinstance(field, models.ManyToManyField):
        kwargs.setdefault("form_class", IdMultipleChoiceField)
    return field.formfield(**kwargs)
