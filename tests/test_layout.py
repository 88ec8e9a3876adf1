"""Names that say what they hold, and commands in the package whose work they do (issue 11):
a command found in another package, or an old name back, fails here."""
import ast
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
    # At the root: the log-in pages (/login/, /password/…), ops' /healthz, /readyz, /metrics,
    # and last the portal.
    root = [p.urlconf_name.__name__ for p in urls.urlpatterns if str(p.pattern) == ""]
    assert root == ["teilhabe.backoffice.account_urls", "teilhabe.ops.urls", "teilhabe.portal.urls"]
    assert urls.urlpatterns[-1].urlconf_name.__name__ == "teilhabe.portal.urls"


PACKAGE = Path(__file__).resolve().parent.parent / "teilhabe"
DOMAIN_WITH_RULES = ("strategy", "actors", "offers", "participation", "monitoring", "network", "courses", "council",
                     "sitepages", "topics")
# What the faces may still ask municipalities/access.py itself: the municipality's own
# questions (who opens it, its settings, reading everything) and loading an object by pk.
GROUND_QUESTIONS = {"get_municipality", "get_or_404", "municipalities_for", "reads_all", "can_manage_settings"}


def test_each_domain_app_says_who_may_do_what_in_its_rules_module():
    for app in DOMAIN_WITH_RULES:
        assert importlib.util.find_spec(f"teilhabe.{app}.rules") is not None, app


def test_the_back_offices_templates_ask_the_rules_not_the_roles():
    templates = sorted((PACKAGE / "templates").rglob("*.html"))
    assert len(templates) > 50
    for path in templates:
        assert "roles." not in path.read_text(encoding="utf-8"), path


def test_the_faces_ask_the_rules_modules_for_domain_questions():
    """access.can_edit, .roles, .visible_actors … from a page would bypass the app's rules;
    settings.py asks for the ground's own objects (districts, people) with get_for_edit."""
    found = []
    faces = PACKAGE
    for face in ("backoffice", "portal", "api", "exchange", "demo"):
        modules = sorted((faces / face).rglob("*.py"))
        assert modules, face
        for path in modules:
            allowed = GROUND_QUESTIONS | ({"get_for_edit"} if path.name == "settings.py" else set())
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
                if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name) \
                        and node.value.id == "access" and node.attr not in allowed:
                    found.append(f"{path.relative_to(faces)}:{node.lineno} access.{node.attr}")
                if isinstance(node, ast.ImportFrom) and node.module == "teilhabe.municipalities.access":
                    found.append(f"{path.relative_to(faces)}:{node.lineno} from access import …")
    assert found == []
