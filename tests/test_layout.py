"""Names that say what they hold, and commands in the package whose work they do (issue 11):
a command found in another package, or an old name back, fails here."""
import importlib.util
import json
from pathlib import Path

from django.apps import apps
from django.core.management import get_commands
from django.urls import resolve, reverse

from teilhabe import settings, urls


def test_each_command_lives_in_the_package_whose_work_it_does():
    commands = get_commands()
    assert {name: commands[name] for name in (
        "import", "export", "import-offers", "import-statistics", "demo", "report",
        "purge-personal-data", "reindex", "worker")} == {
        "import": "teilhabe.exchange", "export": "teilhabe.exchange", "import-offers": "teilhabe.exchange",
        "import-statistics": "teilhabe.exchange", "demo": "teilhabe.demo", "report": "teilhabe.monitoring",
        "purge-personal-data": "teilhabe.participation", "reindex": "teilhabe.search", "worker": "teilhabe.jobs"}


def test_no_module_keeps_a_name_that_says_something_else():
    for old in ("teilhabe.search.api", "teilhabe.api.ranking", "teilhabe.portal_urls", "teilhabe.login",
                "teilhabe.municipalities.management", "teilhabe.strategy.management"):
        assert importlib.util.find_spec(old) is None, old
    for new in ("teilhabe.search.query", "teilhabe.api.offer_search", "teilhabe.backoffice.account_urls",
                "teilhabe.backoffice.lockout"):
        assert importlib.util.find_spec(new) is not None, new


def test_the_account_pages_keep_their_urls_and_the_lockout_page_is_beside_them():
    assert [reverse(name) for name in ("login", "logout", "password_reset", "password_reset_done",
                                       "password_reset_complete")] == [
        "/login/", "/logout/", "/password/reset/", "/password/reset/sent/", "/password/set/done/"]
    assert settings.AXES_LOCKOUT_CALLABLE == "teilhabe.backoffice.lockout.locked_out"


def test_participations_back_office_pages_are_named_for_the_back_office():
    assert reverse("participation_backoffice:events", args=["herne"]) == "/backoffice/herne/events/"


GROUND = ("teilhabe.municipalities", "teilhabe.jobs")


def test_the_grounds_one_link_to_a_domain_model_is_the_actor_editors_actor():
    """The ground names no domain model, with one deliberate exception (docs/architecture.md,
    "The one link from the ground up"): Membership.actor, the actor an actor editor is bound
    to. A string foreign key is invisible to lint-imports, so this test counts them."""
    links = []
    for model in apps.get_models():
        if model._meta.app_config.name not in GROUND:
            continue
        for field in model._meta.get_fields(include_hidden=True):
            target = field.related_model if field.is_relation and field.concrete else None
            if target is not None and target._meta.app_config.name.startswith("teilhabe.") \
                    and target._meta.app_config.name not in GROUND:
                links.append(f"{model._meta.label}.{field.name} -> {target._meta.label}")
    assert links == ["municipalities.Membership.actor -> actors.Actor"]


def test_every_url_name_reverses_and_resolves_as_before():
    """tests/data/url_names.json: every URL name (admin's aside) with its path, taken from
    teilhabe/urls.py as it mounted backoffice/ four times and "" three times. Mounting each
    face once keeps every name, namespace and path, and no path lands on another page."""
    before = json.loads((Path(__file__).parent / "data" / "url_names.json").read_text(encoding="utf-8"))
    assert len(before) > 150
    for name, (path, kwargs) in before.items():
        assert reverse(name, kwargs=kwargs) == path, name
        assert resolve(path).view_name == name, path


def test_the_root_mounts_each_face_once():
    mounts = [str(p.pattern) for p in urls.urlpatterns]
    assert mounts.count("backoffice/") == 1
    assert mounts.count("") == 2  # the log-in pages at /login/, /password/…, then the portal
    assert urls.urlpatterns[-1].urlconf_name.__name__ == "teilhabe.portal.urls"
