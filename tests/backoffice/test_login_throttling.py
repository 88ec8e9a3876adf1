"""Password guessing is limited (django-axes, counts in the shared default cache): after ten
failed log-ins for one account or from one client address, the eleventh attempt is refused
even with the right password, on /login/ and on /admin/login/, until the cool-down ends; a
successful log-in resets the counts."""
import datetime
import time

import pytest
from django.conf import settings as django_settings

from tests import builders as b

LIMIT = 10


@pytest.fixture
def coordinator(db):
    return b.user("koordination")


def log_in(client, username, password, *, path="/login/", ip="192.0.2.10", **headers):
    return client.post(path, {"username": username, "password": password}, REMOTE_ADDR=ip, **headers)


def logged_in(client):
    return "_auth_user_id" in client.session


def fail(client, times, username="koordination", **kw):
    return [log_in(client, username, "falsch-geraten", **kw).status_code for _ in range(times)]


def test_it_counts_in_the_default_cache_that_all_processes_share():
    assert django_settings.AXES_HANDLER == "axes.handlers.cache.AxesCacheHandler"
    assert django_settings.AXES_CACHE == "default"
    assert django_settings.CACHES["default"]["BACKEND"] != "django.core.cache.backends.locmem.LocMemCache"
    assert django_settings.AXES_FAILURE_LIMIT == LIMIT


@pytest.mark.parametrize("path", ["/login/", "/admin/login/"])
def test_it_refuses_the_eleventh_attempt_even_with_the_right_password(client, path, db):
    b.user("koordination", superuser=True)
    # Failures are answered normally up to the limit; the tenth locks the account.
    assert fail(client, LIMIT - 1, path=path) == [200] * (LIMIT - 1)
    assert fail(client, 1, path=path) == [429]
    response = log_in(client, "koordination", b.PASSWORD, path=path)
    assert response.status_code == 429
    assert not logged_in(client)
    page = response.content.decode()
    assert "Zu viele fehlgeschlagene Anmeldeversuche" in page and "15 Minuten" in page


def test_it_answers_failures_below_the_limit_normally_and_lets_the_right_password_in(client, coordinator):
    assert fail(client, LIMIT - 1) == [200] * (LIMIT - 1)
    assert log_in(client, "koordination", b.PASSWORD).status_code == 302
    assert logged_in(client)


def test_it_limits_per_account_whatever_the_address(client, coordinator):
    for n in range(LIMIT):
        fail(client, 1, ip=f"198.51.100.{n + 1}")
    response = log_in(client, "koordination", b.PASSWORD, ip="203.0.113.99")
    assert response.status_code == 429 and not logged_in(client)
    # Another account from another address is not concerned.
    b.user("andere")
    assert log_in(client, "andere", b.PASSWORD, ip="203.0.113.100").status_code == 302


def test_it_limits_per_address_whatever_the_account(client, coordinator):
    for n in range(LIMIT):
        fail(client, 1, username=f"geraten-{n}", ip="192.0.2.77")
    response = log_in(client, "koordination", b.PASSWORD, ip="192.0.2.77")
    assert response.status_code == 429 and not logged_in(client)
    # The same account from another address still gets in.
    assert log_in(client, "koordination", b.PASSWORD, ip="192.0.2.78").status_code == 302


def test_it_resets_the_count_on_a_successful_log_in(client, coordinator):
    fail(client, LIMIT - 1)
    assert log_in(client, "koordination", b.PASSWORD).status_code == 302
    client.logout()
    assert fail(client, LIMIT - 1) == [200] * (LIMIT - 1)
    assert log_in(client, "koordination", b.PASSWORD).status_code == 302


def test_it_lets_the_right_password_in_again_when_the_cool_down_ends(client, coordinator, settings):
    settings.AXES_COOLOFF_TIME = datetime.timedelta(seconds=2)
    fail(client, LIMIT)
    assert log_in(client, "koordination", b.PASSWORD).status_code == 429
    time.sleep(1)
    # Attempts during the lock-out do not prolong it.
    assert fail(client, 1) == [429]
    time.sleep(1.5)
    assert log_in(client, "koordination", b.PASSWORD).status_code == 302
    assert logged_in(client)


def test_it_counts_the_address_the_proxy_saw_not_the_one_the_client_claims(client, coordinator, settings):
    settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")  # TEILHABE_BEHIND_PROXY
    for n in range(LIMIT):
        # A made-up first entry per attempt; the proxy appended the real address last.
        fail(client, 1, username=f"geraten-{n}", ip="127.0.0.1", HTTP_X_FORWARDED_FOR=f"10.0.0.{n}, 192.0.2.50")
    locked = log_in(client, "koordination", b.PASSWORD, ip="127.0.0.1", HTTP_X_FORWARDED_FOR="192.0.2.50")
    assert locked.status_code == 429
    other = log_in(client, "koordination", b.PASSWORD, ip="127.0.0.1", HTTP_X_FORWARDED_FOR="192.0.2.50, 192.0.2.51")
    assert other.status_code == 302


def test_it_ignores_forwarded_for_without_a_proxy(client, coordinator):
    for n in range(LIMIT):
        fail(client, 1, username=f"geraten-{n}", ip="192.0.2.60", HTTP_X_FORWARDED_FOR=f"10.0.0.{n}")
    assert log_in(client, "koordination", b.PASSWORD, ip="192.0.2.60",
                  HTTP_X_FORWARDED_FOR="10.9.9.9").status_code == 429


def test_it_logs_neither_account_nor_address(client, coordinator, caplog):
    fail(client, LIMIT, ip="192.0.2.91")
    text = "\n".join(r.getMessage() for r in caplog.records)
    assert "AXES" in text
    assert "koordination" not in text and "192.0.2.91" not in text


@pytest.mark.browser
def test_it_shows_the_lock_out_as_an_accessible_page_in_german(page, live_server, coordinator, settings):
    from tests.browser import assert_accessible, console_problems

    settings.AXES_FAILURE_LIMIT = 2
    for _ in range(2):
        page.goto(live_server.url + "/login/")
        page.fill("input[name=username]", "koordination")
        page.fill("input[name=password]", "falsch-geraten")
        with page.expect_navigation():
            page.locator("form:has(input[name=password]) [type=submit]").first.click()
    assert page.locator("h1").inner_text() == "Anmeldung gesperrt"
    assert page.get_by_role("alert").inner_text().startswith("Zu viele fehlgeschlagene Anmeldeversuche.")
    assert_accessible(page)
    assert console_problems(page) == []


@pytest.mark.parametrize("language", ["en", "ar", "tr", "uk", "ru", "fa"])
def test_it_has_the_lock_out_message_in_each_language_of_the_portal(language, rf):
    from django.template.loader import render_to_string
    from django.utils import translation

    with translation.override(language):
        page = render_to_string("registration/locked_out.html", {"minutes": 15}, request=rf.get("/login/"))
    assert "Zu viele fehlgeschlagene" not in page and "Anmeldung gesperrt" not in page
    assert "15" in page
