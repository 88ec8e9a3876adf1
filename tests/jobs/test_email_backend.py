"""E-mails carry names, addresses and private links: without SMTP configured they are kept
as files under var/mail/, never printed, and `teilhabe check --deploy` refuses a console
backend."""
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core import checks
from django.core.management import call_command
from django.core.management.base import SystemCheckError

TEILHABE = str(Path(sys.executable).with_name("teilhabe"))
SEND = ("from django.core.mail import send_mail; "
        "send_mail('Ihre Anmeldung', 'Hallo Ada Lovelace, Ihr Link: https://x.example/p/r/geheim/', "
        "'teilhabe@localhost', ['ada@example.org'])")


def ids():
    return {m.id for m in checks.run_checks(include_deployment_checks=True, tags=[checks.Tags.security])}


def test_it_refuses_the_console_backend_in_check_deploy(settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
    assert "teilhabe.E001" in ids()
    with pytest.raises(SystemCheckError, match="teilhabe.E001"):
        call_command("check", deploy=True)


@pytest.mark.parametrize("backend", ["filebased", "locmem", "dummy"])
def test_it_warns_of_a_backend_that_sends_nothing(settings, backend):
    settings.EMAIL_BACKEND = f"django.core.mail.backends.{backend}.EmailBackend"
    found = ids()
    assert "teilhabe.W001" in found and "teilhabe.E001" not in found


def test_it_is_content_with_smtp(settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    assert not ids() & {"teilhabe.E001", "teilhabe.W001"}


def test_it_is_not_a_deploy_check_outside_deploy(settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
    assert "teilhabe.E001" not in {m.id for m in checks.run_checks()}


def test_it_keeps_mail_as_files_under_var_and_prints_nothing_by_default(tmp_path):
    env = {k: v for k, v in os.environ.items() if not k.startswith("TEILHABE_EMAIL")}
    env["TEILHABE_VAR_DIR"] = str(tmp_path)
    result = subprocess.run([TEILHABE, "shell", "-c", SEND], env=env, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert "ada@example.org" not in result.stdout + result.stderr
    assert "Lovelace" not in result.stdout + result.stderr
    files = list((tmp_path / "mail").iterdir())
    assert len(files) == 1 and "ada@example.org" in files[0].read_text()
