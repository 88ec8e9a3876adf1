"""The demo banner: once, on the public and back-office pages of data the demo loader made,
in the visitor's language; never on a municipality it did not make — the flag is set by
`teilhabe demo` only, not by a form, an import or a setting."""
import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management import call_command

from teilhabe.demo.courses import TOWNS as KREIS_TOWNS
from teilhabe.exchange.importer import import_document
from teilhabe.municipalities.models import Municipality
from tests import builders
from tests.browser import assert_accessible, base_url

pytestmark = pytest.mark.django_db

BANNER = 'class="demo-banner"'
SAYS = {"de": "Diese Seiten zeigen Beispieldaten zum Ausprobieren.", "en": "These pages show sample data",
        "ar": "تعرض هذه الصفحات بيانات تجريبية", "tr": "Bu sayfalar denemek için örnek veriler",
        "uk": "Ці сторінки показують демонстраційні дані", "ru": "Эти страницы показывают демонстрационные данные",
        "fa": "این صفحه‌ها داده‌های نمونه"}


def demo_town(slug="musterstadt"):
    m = builders.municipality(slug)
    Municipality.objects.filter(pk=m.pk).update(is_demo=True)
    m.refresh_from_db()
    return m


def html(client, url, language=None):
    if language:
        client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    response = client.get(url)
    assert response.status_code == 200, url
    return response.content.decode()


def test_the_demo_loader_marks_its_municipalities_and_their_pages_say_it_once(client, settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    own = builders.municipality("eigene-stadt")
    call_command("demo", "--quiet")
    assert set(Municipality.objects.filter(is_demo=True).values_list("slug", flat=True)) == {
        "kreis-mettmann", "herten", "herne", *(slug for slug, *_rest in KREIS_TOWNS)}
    assert not Municipality.objects.get(pk=own.pk).is_demo
    for url in ["/", "/herten/", "/herne/events/", "/hilden/offers/", "/kreis-mettmann/", "/velbert/kurse/"]:
        assert html(client, url).count(BANNER) == 1, url
    assert BANNER not in html(client, "/eigene-stadt/")
    # force_login: the log-in throttling (django-axes) needs the request that client.login lacks.
    client.force_login(get_user_model().objects.get(username="koordination-herten"))
    for url in ["/backoffice/", "/backoffice/herten/", "/backoffice/herten/actors/"]:
        assert html(client, url).count(BANNER) == 1, url


@pytest.mark.parametrize("language", list(SAYS))
def test_it_says_it_in_every_portal_language(client, language):
    m = demo_town()
    page = html(client, f"/{m.slug}/", language)
    assert page.count(BANNER) == 1 and SAYS[language] in page


def test_it_shows_no_banner_on_an_install_without_demo_data(client):
    m = builders.municipality("musterstadt")
    coordinator = builders.user(role="coordinator", municipality=m)
    for url in ["/", f"/{m.slug}/", f"/{m.slug}/events/"]:
        assert BANNER not in html(client, url)
    client.force_login(coordinator)
    for url in ["/backoffice/", f"/backoffice/{m.slug}/"]:
        assert BANNER not in html(client, url)


def test_only_the_pages_of_demo_data_carry_it(client):
    demo, own = demo_town("demostadt"), builders.municipality("echtstadt")
    assert BANNER in html(client, f"/{demo.slug}/")
    assert BANNER not in html(client, f"/{own.slug}/")
    # The back-office start page of someone who sees only their own town says nothing.
    client.force_login(builders.user(role="coordinator", municipality=own))
    assert BANNER not in html(client, "/backoffice/")


def test_neither_an_import_nor_a_form_can_set_the_flag():
    from teilhabe.backoffice.settings_forms import MunicipalityForm
    from teilhabe.exchange.validate import ExchangeError

    document = {"format": "teilhabe-exchange/1",
                "municipality": {"slug": "importstadt", "name": "Importstadt", "kind": "town", "is_demo": True}}
    with pytest.raises(ExchangeError) as error:
        import_document(document, via="import")
    assert "$.municipality.is_demo: unbekannter Schlüssel" in error.value.errors
    del document["municipality"]["is_demo"]
    import_document(document, via="import")
    assert not Municipality.objects.get(slug="importstadt").is_demo
    assert "is_demo" not in MunicipalityForm.base_fields
    assert not Municipality._meta.get_field("is_demo").editable


@pytest.mark.browser
def test_the_banner_passes_axe_in_german_and_arabic(new_page, live_server, transactional_db):
    m = demo_town()
    for locale in ("de-DE", "ar"):
        page = new_page(locale=locale)
        page.goto(base_url(live_server) + f"/{m.slug}/")
        banner = page.locator(".demo-banner")
        assert banner.count() == 1 and banner.is_visible()
        assert_accessible(page)
