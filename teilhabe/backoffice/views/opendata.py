"""The open data's licence and the transparency page's switch (opendata/rules.py:
coordinators of the town and of its Kreis; everyone else is refused)."""
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from teilhabe.municipalities import access
from teilhabe.opendata import rules
from teilhabe.opendata.models import OpenDataSettings

from ..settings_forms import OpenDataForm
from .common import base_context, require, save_form


@login_required
def open_data_settings(request, slug):
    municipality = access.get_municipality(request, slug)
    require(rules.can_manage(request.user, municipality))
    form = OpenDataForm(request.POST or None, instance=OpenDataSettings.of(municipality))
    if request.method == "POST" and save_form(request, form, lambda f: f.save()):
        return redirect("backoffice:settings_open_data", slug)
    return render(request, "backoffice/form.html", base_context(
        request, municipality, form=form, title=_("Offene Daten und Transparenzseite")))
