"""Results of a measure reported in the browser by its responsible actor's editors and
the coordination: tallies per target group, never per person."""
import pytest
from django.urls import reverse

from teilhabe.backoffice.monitoring_forms import MeasureResultForm
from teilhabe.monitoring.models import MeasureResult
from tests import builders

pytestmark = pytest.mark.django_db


@pytest.fixture
def setting():
    m = builders.municipality("herten")
    parents = builders.target_group(m, "eltern", de="Eltern")
    youth = builders.target_group(m, "jugendliche", de="Jugendliche")
    actor, other = builders.actor(m, name="Familienzentrum"), builders.actor(m)
    concept = builders.concept(m)
    measure = builders.measure(concept, title="Elterncafé", status="running", responsible=actor)
    return m, actor, other, measure, parents, youth


def valid(**over):
    data = {"period": "2024", "activities": "12", "people_reached": "40", "reach_eltern": "25",
            "reach_jugendliche": "", "target_group_reached": "partly", "step": "outcome",
            "outcome_notes": "Mehr Väter als erwartet."}
    data.update(over)
    return data


def new_url(measure):
    return reverse("monitoring:measure_result_new", args=["herten", measure.pk])


def editor(m, actor):
    return builders.user(role="actor_editor", municipality=m, actor=actor)


def test_it_lets_the_responsible_actors_editor_report_and_edit(client, setting):
    m, actor, _other, measure, _p, _y = setting
    user = editor(m, actor)
    client.force_login(user)
    form_html = client.get(new_url(measure)).content.decode()
    assert "davon Eltern" in form_html and "davon Jugendliche" in form_html
    response = client.post(new_url(measure), valid())
    assert response.status_code == 302
    result = MeasureResult.objects.get()
    assert (result.period, result.activities, result.people_reached, result.reach_by_target_group,
            result.target_group_reached, result.step, result.entered_by) == (
        "2024", 12, 40, {"eltern": 25}, "partly", "outcome", user)
    page = client.get(response["Location"]).content.decode()
    assert "Ergebnis für 2024 gespeichert." in page and "Eltern: 25" in page and "teilweise" in page
    edit = reverse("monitoring:measure_result_edit", args=["herten", measure.pk, "2024"])
    assert 'value="25"' in client.get(edit).content.decode()
    assert client.post(edit, valid(period="1999", people_reached="41", reach_eltern="",
                                   reach_jugendliche="3")).status_code == 302
    result.refresh_from_db()
    assert (result.period, result.people_reached, result.reach_by_target_group) == ("2024", 41, {"jugendliche": 3})
    assert MeasureResult.objects.count() == 1


def test_it_lets_the_coordination_report_and_delete(client, setting):
    m, _actor, _other, measure, _p, _y = setting
    client.force_login(builders.user(role="coordinator", municipality=m))
    assert client.post(new_url(measure), valid(period="2024-06")).status_code == 302
    delete = reverse("monitoring:measure_result_delete", args=["herten", measure.pk, "2024-06"])
    assert "Das Ergebnis für 2024-06 löschen?" in client.get(delete).content.decode()
    assert client.post(delete).status_code == 302 and not MeasureResult.objects.exists()


@pytest.mark.parametrize("over, field, message", [
    ({"activities": "zwölf"}, "activities", "ganze Zahl"),
    ({"activities": "1,5"}, "activities", "ganze Zahl"),
    ({"people_reached": "-1"}, "people_reached", "größer oder gleich 0"),
    ({"people_reached": "9" * 30}, "people_reached", "kleiner oder gleich 2147483647"),
    ({"people_reached": "10"}, "people_reached", "Die Zielgruppen zusammen (25) sind mehr"),
    ({"reach_eltern": "viele"}, "reach_eltern", "ganze Zahl"),
    ({"reach_jugendliche": "-3"}, "reach_jugendliche", "größer oder gleich 0"),
    ({"period": "24"}, "period", "Jahr (JJJJ) oder Monat (JJJJ-MM)."),
    ({"step": "wunder"}, "step", "Auswahl"),
    ({"target_group_reached": "vielleicht"}, "target_group_reached", "Auswahl"),
    ({"outcome_notes": "x" * 10001}, "outcome_notes", "höchstens 10000"),
])
def test_it_names_the_wrong_field_and_writes_nothing(client, setting, over, field, message):
    m, _actor, _other, measure, _p, _y = setting
    client.force_login(builders.user(role="coordinator", municipality=m))
    response = client.post(new_url(measure), valid(**over))
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert list(errors) == [field] and message in " ".join(errors[field])
    assert f'href="#id_{field}"' in response.content.decode()
    assert not MeasureResult.objects.exists()


def test_it_answers_a_period_already_reported_with_a_field_error(client, setting):
    m, _actor, _other, measure, _p, _y = setting
    client.force_login(builders.user(role="coordinator", municipality=m))
    assert client.post(new_url(measure), valid()).status_code == 302
    response = client.post(new_url(measure), valid(people_reached="99"))
    assert list(response.context["form"].errors) == ["period"]
    assert MeasureResult.objects.get().people_reached == 40


def test_it_answers_a_result_saved_at_the_same_moment_with_a_field_error(client, setting, monkeypatch):
    """The form's own check passed, then someone else saved the same period: the unique
    constraint refuses the second row, and the view names the period."""
    m, _actor, _other, measure, _p, _y = setting
    client.force_login(builders.user(role="coordinator", municipality=m))
    original = MeasureResultForm.clean

    def clean_then_other_request(form):
        data = original(form)
        MeasureResult.objects.create(measure=measure, period="2024", people_reached=1)
        return data

    # Only the timing is arranged: the other request's row appears after the check.
    monkeypatch.setattr(MeasureResultForm, "clean", clean_then_other_request)
    from teilhabe.monitoring import actions

    real_first = actions.MeasureResult.objects.filter

    def filter_missing_the_other(*args, **kwargs):  # the other row is not committed yet
        return real_first(*args, **kwargs).exclude(people_reached=1)

    monkeypatch.setattr(actions.MeasureResult.objects, "filter", filter_missing_the_other)
    response = client.post(new_url(measure), valid())
    assert response.status_code == 200
    assert "gerade ein Ergebnis gespeichert" in " ".join(response.context["form"].errors["period"])
    assert MeasureResult.objects.get().people_reached == 1


@pytest.mark.parametrize("who", ["viewer", "other_actor", "other_coordinator", "outsider"])
def test_it_refuses_everyone_else(client, setting, who):
    m, actor, other, measure, _p, _y = setting
    MeasureResult.objects.create(measure=measure, period="2023", people_reached=5)
    user = {"viewer": lambda: builders.user(role="viewer", municipality=m),
            "other_actor": lambda: editor(m, other),
            "other_coordinator": lambda: builders.user(role="coordinator", municipality=builders.municipality()),
            "outsider": lambda: builders.user()}[who]()
    client.force_login(user)
    for url in (new_url(measure), reverse("monitoring:measure_result_edit", args=["herten", measure.pk, "2023"]),
                reverse("monitoring:measure_result_delete", args=["herten", measure.pk, "2023"])):
        assert client.get(url).status_code == 403
        assert client.post(url, valid(period="2023")).status_code == 403
    assert MeasureResult.objects.get().people_reached == 5
    results = client.get(reverse("monitoring:measure_results", args=["herten", measure.pk]))
    # viewers read the results, without the buttons; the others do not see the measure at all
    assert results.status_code == (200 if who == "viewer" else 403)
    if who == "viewer":
        assert "Ergebnis berichten" not in results.content.decode()


def test_it_lists_my_measures_for_an_actor_editor(client, setting):
    m, actor, other, measure, _p, _y = setting
    foreign = builders.measure(measure.concept, title="Sprachkurs", responsible=other)
    MeasureResult.objects.create(measure=measure, period="2023", people_reached=5)
    client.force_login(editor(m, actor))
    response = client.get(reverse("monitoring:my_measures", args=["herten"]))
    html = response.content.decode()
    assert response.status_code == 200 and "Meine Maßnahmen: Ergebnisse berichten" in html
    assert "Elterncafé" in html and "Sprachkurs" not in html and "2023 (1 Bericht)" in html
    assert new_url(measure) in html and new_url(foreign) not in html
    client.force_login(builders.user(role="coordinator", municipality=m))
    html = client.get(reverse("monitoring:my_measures", args=["herten"])).content.decode()
    assert "Elterncafé" in html and "Sprachkurs" in html


def test_it_refuses_my_measures_to_viewers_and_other_towns(client, setting):
    m, _actor, _other, _measure, _p, _y = setting
    for user in (builders.user(role="viewer", municipality=m),
                 editor(*(lambda o: (o, builders.actor(o)))(builders.municipality()))):
        client.force_login(user)
        assert client.get(reverse("monitoring:my_measures", args=["herten"])).status_code == 403


def test_it_links_the_results_from_the_measure_page(client, setting):
    m, actor, _other, measure, _p, _y = setting
    client.force_login(editor(m, actor))
    html = client.get(reverse("backoffice:measure", args=["herten", measure.pk])).content.decode()
    assert reverse("monitoring:measure_results", args=["herten", measure.pk]) in html
    assert new_url(measure) in html and reverse("monitoring:my_measures", args=["herten"]) in html
    client.force_login(builders.user(role="viewer", municipality=m))
    html = client.get(reverse("backoffice:measure", args=["herten", measure.pk])).content.decode()
    assert reverse("monitoring:measure_results", args=["herten", measure.pk]) in html
    assert new_url(measure) not in html


def test_it_does_not_reach_a_measure_of_another_municipality(client, setting):
    m, _actor, _other, _measure, _p, _y = setting
    other = builders.municipality()
    foreign = builders.measure(builders.concept(other), responsible=builders.actor(other))
    client.force_login(builders.user(role="coordinator", municipality=m))
    assert client.get(reverse("monitoring:measure_result_new", args=["herten", foreign.pk])).status_code == 404
    assert client.get(reverse("monitoring:measure_result_edit", args=["herten", 1, "abc"])).status_code == 404


@pytest.mark.django_db(transaction=True)
def test_it_lets_the_database_refuse_the_second_of_two_simultaneous_reports():
    """Two real connections report the same period: the second waits for the first on the
    unique constraint and gets a field error instead of replacing or failing with a 500."""
    import threading

    from django.db import connection, connections, transaction

    from teilhabe.backoffice.views.monitoring import _save_result

    if connection.vendor != "postgresql":
        pytest.skip("SQLite allows one writer at a time; the test above arranges the clash there")
    m = builders.municipality("herten")
    builders.target_group(m, "eltern", de="Eltern")
    measure = builders.measure(builders.concept(m), status="running", responsible=builders.actor(m))
    user = builders.user(role="coordinator", municipality=m)
    holding, release, outcome = threading.Event(), threading.Event(), {}

    def first():
        try:
            with transaction.atomic():
                MeasureResult.objects.create(measure=measure, period="2024", people_reached=1)
                holding.set()
                release.wait(10)
        finally:
            connections.close_all()

    def second(form):
        try:
            outcome["saved"] = _save_result(form, user=user)
        finally:
            connections.close_all()

    a = threading.Thread(target=first)
    a.start()
    assert holding.wait(10)
    form = MeasureResultForm(valid(reach_eltern=""), measure=measure)
    assert form.is_valid()
    b = threading.Thread(target=second, args=(form,))
    b.start()
    b.join(0.5)
    assert b.is_alive()
    release.set()
    a.join(10)
    b.join(10)
    assert outcome["saved"] is None and list(form.errors) == ["period"]
    assert MeasureResult.objects.get().people_reached == 1
