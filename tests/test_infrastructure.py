"""Tests of the test infrastructure itself: they fail when a run silently tests less than it
claims (the wrong database, no browser, no accessibility checker)."""
import ast
import importlib.util
import os
import re
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.db import connection

from teilhabe.lib.env import parse_database_url
from tests import builders as b
from tests.browser import assert_accessible, console_problems, login, run_axe

REPO_DIR = Path(__file__).resolve().parent.parent


# --- the database in use ------------------------------------------------------------------

@pytest.mark.django_db
def test_it_runs_on_the_database_that_database_url_names():
    # scripts/test says which database each run is meant for; by hand, DATABASE_URL decides.
    expected = os.environ.get("TEILHABE_TEST_DATABASE") or (
        "postgres" if os.environ.get("DATABASE_URL", "").startswith("postgres") else "sqlite"
    )
    vendor = {"sqlite": "sqlite", "postgres": "postgresql"}[expected]
    assert connection.vendor == vendor
    with connection.cursor() as cursor:
        cursor.execute("SELECT version()" if vendor == "postgresql" else "SELECT sqlite_version()")
        assert cursor.fetchone()[0]


# --- DATABASE_URL ---------------------------------------------------------------------------

def test_it_reads_a_relative_sqlite_path(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    config = parse_database_url("sqlite:///data/teilhabe.sqlite3")
    assert config["ENGINE"] == "django.db.backends.sqlite3"
    assert config["NAME"] == "data/teilhabe.sqlite3"
    assert (tmp_path / "data").is_dir()


def test_it_reads_an_absolute_sqlite_path_with_four_slashes(tmp_path):
    config = parse_database_url(f"sqlite:///{tmp_path}/db/teilhabe.sqlite3")
    assert str(tmp_path).startswith("/")
    assert config["NAME"] == f"{tmp_path}/db/teilhabe.sqlite3"
    assert (tmp_path / "db").is_dir()


def test_it_reads_a_postgres_url_with_user_password_and_port():
    config = parse_database_url("postgres://teilhabe:g%40heim%2F1@db.example.org:5433/kreis_x")
    assert config["ENGINE"] == "django.db.backends.postgresql"
    assert (config["NAME"], config["USER"], config["PASSWORD"]) == ("kreis_x", "teilhabe", "g@heim/1")
    assert (config["HOST"], config["PORT"]) == ("db.example.org", "5433")


def test_it_prepares_repeated_statements_on_postgres_unless_told_not_to():
    options = parse_database_url("postgres://u@localhost/teilhabe?sslmode=require")["OPTIONS"]
    assert options == {"server_side_binding": True, "prepare_threshold": 5, "sslmode": "require"}
    # behind a transaction-mode PgBouncer prepared statements break: the URL turns them off
    options = parse_database_url("postgres://u@localhost/teilhabe?server_side_binding=false")["OPTIONS"]
    assert options == {"server_side_binding": False}


def test_it_reads_postgresql_as_a_scheme_too():
    assert parse_database_url("postgresql://u@localhost/teilhabe")["NAME"] == "teilhabe"


@pytest.mark.parametrize(
    "url, message",
    [
        ("mysql://root@localhost/teilhabe", "DATABASE_URL must start with"),
        ("teilhabe.sqlite3", "DATABASE_URL must start with"),
        ("sqlite://", "needs a file path"),
        ("postgres://postgres@127.0.0.1:5432/", "needs a database name"),
    ],
)
def test_it_refuses_a_bad_database_url(url, message):
    with pytest.raises(ImproperlyConfigured, match=message):
        parse_database_url(url)


# --- the commands named in the README -------------------------------------------------------

def test_it_runs_ci_through_the_readme_test_command():
    readme = (REPO_DIR / "README.md").read_text(encoding="utf-8")
    assert "bash scripts/demo" in readme
    assert "bash scripts/test" in readme
    assert "exec bash scripts/test\n" in (REPO_DIR / ".ci" / "run").read_text(encoding="utf-8")


# A fresh clone has nothing beside it: a test that reads ../shared fails there.
OUTSIDE = re.compile(r"""\.\./shared|/work/shared|\.parent\s*/\s*["']shared["']""")


def test_it_reads_test_data_only_inside_the_repository():
    this = Path(__file__).resolve()
    outside = [f"{path.relative_to(REPO_DIR)}:{number}"
               for path in sorted((REPO_DIR / "tests").rglob("*.py")) if path != this
               for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1)
               if OUTSIDE.search(line)]
    assert outside == []
    koeln = REPO_DIR / "tests" / "data" / "koeln-bevoelkerung"
    assert (koeln / "bevoelkerung.csv").is_file()
    attribution = (koeln / "README.md").read_text(encoding="utf-8")
    assert "Stadtverwaltung Köln" in attribution and "CC BY" in attribution

# --- the personas of the permission matrices ------------------------------------------------
# Five matrices ask the same people (tests/builders.py): a persona that is not what its name
# says would let a refusal pass unnoticed.

def _roles(user):
    return {(m.municipality.slug, m.role, m.actor and m.actor.external_id) for m in user.memberships.all()}


@pytest.mark.django_db
def test_it_makes_each_persona_what_its_name_says():
    kreis = b.municipality("kreis-p", kind="kreis")
    town = b.municipality("stadt-p", parent=kreis)
    other = b.municipality("anderswo-p")
    a, c = b.actor(town, "verein-a"), b.actor(town, "verein-b")
    people = b.personas(town, editors={"editor_a": a, "editor_b": c}, other=other)
    assert list(people) == b.persona_names(editors=("editor_a", "editor_b"))
    assert {name: _roles(u) for name, u in people.items() if u} == {
        "coordinator": {("stadt-p", "coordinator", None)},
        "kreis_coordinator": {("kreis-p", "coordinator", None)},
        "viewer": {("stadt-p", "viewer", None)},
        "editor_a": {("stadt-p", "actor_editor", "verein-a")},
        "editor_b": {("stadt-p", "actor_editor", "verein-b")},
        "outsider": set(),
        "other_coordinator": {("anderswo-p", "coordinator", None)},
    }
    assert people["anonymous"] is None
    assert not any(u.is_superuser or u.is_staff for u in people.values() if u)


@pytest.mark.django_db
def test_it_makes_one_editor_and_another_town_outside_the_kreis_by_default():
    kreis = b.municipality("kreis-q", kind="kreis")
    town = b.municipality("stadt-q", parent=kreis)
    people = b.personas(town)
    assert list(people) == list(b.PERSONAS) == b.persona_names()
    (editing,) = people["editor"].memberships.all()
    assert editing.role == "actor_editor" and editing.actor.municipality == town
    (elsewhere,) = people["other_coordinator"].memberships.all()
    assert elsewhere.municipality not in (town, kreis) and elsewhere.municipality.parent is None


@pytest.mark.django_db
def test_it_refuses_personas_for_a_town_outside_any_kreis():
    with pytest.raises(ValueError, match="lies in no Kreis"):
        b.personas(b.municipality("ohne-kreis"))


# --- the layers (pyproject.toml [tool.importlinter], docs/architecture.md) -----------------

CONTRACTS = ("layers: faces → domain → ground → lib", "the demo uses only the exchange among the faces")


def test_it_keeps_the_import_contracts():
    lint = Path(sys.executable).parent / "lint-imports"
    result = subprocess.run([lint, "--no-cache"], cwd=REPO_DIR, capture_output=True, text=True,
                            timeout=120)
    assert result.returncode == 0, result.stdout + result.stderr
    for name in CONTRACTS:
        assert f"{name} KEPT" in result.stdout


def _contracts():
    with open(REPO_DIR / "pyproject.toml", "rb") as f:
        return tomllib.load(f)["tool"]["importlinter"]["contracts"]


def test_the_layers_contract_names_every_package_and_excuses_no_import():
    contracts = _contracts()
    assert [c["name"] for c in contracts] == list(CONTRACTS)
    assert not any("ignore_imports" in c for c in contracts)
    (layers,) = [c for c in contracts if c["type"] == "layers"]
    assert layers["containers"] == ["teilhabe"] and layers["exhaustive"] is True
    named = {m.strip() for layer in layers["layers"] for m in re.split(r"[|:]", layer)}
    packages = {p.name for p in (REPO_DIR / "teilhabe").iterdir() if (p / "__init__.py").exists()}
    assert packages <= named


def test_import_cycles_stay_inside_the_domain_layer():
    spec = importlib.util.spec_from_file_location("import_graph", REPO_DIR / "scripts" / "import_graph.py")
    import_graph = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(import_graph)
    (layers,) = [c for c in _contracts() if c["type"] == "layers"]
    (domain_layer,) = [layer for layer in layers["layers"] if "strategy" in layer]
    domain = {m.strip() for m in domain_layer.split(":")}
    assert "offers" in domain
    graph = import_graph.package_graph()
    assert {"portal", "backoffice", "api", "municipalities", "lib"} <= set(graph)
    for cycle in import_graph.cycles(graph):
        assert set(cycle) <= domain, cycle


def test_it_checks_the_import_contracts_before_pytest_in_the_test_command():
    script = (REPO_DIR / "scripts" / "test").read_text(encoding="utf-8")
    assert "lint-imports" in script
    assert script.index("lint-imports") < script.index('"$venv/pytest"')
    assert "import-linter" in (REPO_DIR / "pyproject.toml").read_text(encoding="utf-8")


def _private_names_used_across_apps():
    """module:line of every use of a private name (_x, not _meta) that another app's module
    defines: one app calls what another keeps to itself."""
    package = REPO_DIR / "teilhabe"
    found = []
    for path in sorted(package.rglob("*.py")):
        app = path.relative_to(package).parts[0]
        tree = ast.parse(path.read_text(encoding="utf-8"))
        modules = {}  # local name -> app of the teilhabe module it names
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("teilhabe.") and not node.level:
                owner = node.module.split(".")[1]
                for alias in node.names:
                    modules[alias.asname or alias.name] = owner
                    if owner != app and alias.name.startswith("_") and not alias.name.startswith("__"):
                        found.append(f"{path.relative_to(REPO_DIR)}:{node.lineno} {alias.name}")
        for node in ast.walk(tree):
            if (isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name)
                    and modules.get(node.value.id, app) != app and node.attr.startswith("_")
                    and not node.attr.startswith("__") and node.attr != "_meta"):
                found.append(f"{path.relative_to(REPO_DIR)}:{node.lineno} {node.value.id}.{node.attr}")
    return found


def test_it_calls_no_private_helper_of_another_app():
    assert _private_names_used_across_apps() == []


# --- the browser and the accessibility checker ---------------------------------------------

@pytest.mark.browser
def test_it_opens_the_login_page_in_chromium(page, live_server):
    response = page.goto(live_server.url + "/login/")
    assert response.status == 200
    assert page.locator("input[name=username]").count() == 1
    # The page carries the CSP that forbids inline scripts, which axe must get around.
    assert "script-src 'self'" in response.headers["content-security-policy"]
    assert isinstance(run_axe(page), list)
    assert page.evaluate("() => typeof window.axe") == "object"
    assert console_problems(page) == []


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_it_logs_in_through_the_login_page(page, live_server, django_user_model):
    django_user_model.objects.create_user("infra-test", password="ein-langes-passwort-42")
    login(page, live_server, "infra-test", "ein-langes-passwort-42")
    with pytest.raises(AssertionError, match="login as 'infra-test' failed"):
        login(page, live_server, "infra-test", "falsches-passwort-123")


@pytest.mark.browser
def test_it_fails_a_page_with_a_serious_accessibility_violation(page):
    page.set_content('<html lang="de"><title>t</title><main><img src="data:,"></main></html>')
    with pytest.raises(AssertionError) as failure:
        assert_accessible(page)
    assert "image-alt [critical]" in str(failure.value)
    assert "at img:" in str(failure.value)


@pytest.mark.browser
def test_it_passes_an_accessible_page(page):
    page.set_content(
        '<html lang="de"><head><title>Angebote</title></head>'
        '<body><main><h1>Angebote</h1><img src="data:," alt="Logo"></main></body></html>'
    )
    assert_accessible(page)


@pytest.mark.browser
def test_it_opens_pages_at_the_requested_size_and_language(new_page, live_server):
    page = new_page(viewport=(390, 844), locale="ar")
    page.goto(live_server.url + "/login/")
    assert page.evaluate("() => [window.innerWidth, navigator.language]") == [390, "ar"]



@pytest.mark.browser
def test_it_notes_what_the_content_security_policy_refuses(page):
    page.route("http://teilhabe.test/", lambda route: route.fulfill(
        status=200,
        headers={"Content-Type": "text/html", "Content-Security-Policy": "script-src 'self'"},
        body="<!DOCTYPE html><title>t</title><script>document.title = 'x'</script>",
    ))
    page.goto("http://teilhabe.test/")
    assert page.title() == "t"
    assert any("Content Security Policy" in problem for problem in console_problems(page))
