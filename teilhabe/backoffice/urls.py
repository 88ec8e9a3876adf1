from django.urls import path

from .views import actors, concept, home, measures, offers

app_name = "backoffice"
m = "<slug:slug>/"
urlpatterns = [
    path("", home.home, name="home"),
    path(m, home.municipality, name="municipality"),
    path(m + "concepts/", concept.concept_list, name="concepts"),
    path(m + "concepts/new/", concept.concept_edit, name="concept_new"),
    path(m + "concepts/<int:pk>/", concept.concept_detail, name="concept"),
    path(m + "concepts/<int:pk>/edit/", concept.concept_edit, name="concept_edit"),
    path(m + "concepts/<int:pk>/new-version/", concept.concept_new_version, name="concept_new_version"),
    path(m + "concepts/<int:pk>/adopt/", concept.concept_adopt, name="concept_adopt"),
    path(m + "concepts/<int:concept_pk>/guidelines/new/", concept.guideline_edit, name="guideline_new"),
    path(m + "concepts/<int:concept_pk>/guidelines/<int:pk>/", concept.guideline_edit, name="guideline_edit"),
    path(m + "concepts/<int:concept_pk>/guidelines/<int:pk>/delete/", concept.guideline_delete,
         name="guideline_delete"),
    path(m + "concepts/<int:concept_pk>/fields/new/", concept.field_edit, name="field_new"),
    path(m + "concepts/<int:concept_pk>/fields/<int:pk>/", concept.field_edit, name="field_edit"),
    path(m + "concepts/<int:concept_pk>/goals/new/", concept.goal_edit, name="goal_new"),
    path(m + "concepts/<int:concept_pk>/goals/<int:pk>/edit/", concept.goal_edit, name="goal_edit"),
    path(m + "goals/<int:pk>/", concept.goal_detail, name="goal"),
    path(m + "measures/", measures.measure_list, name="measures"),
    path(m + "measures/new/", measures.measure_edit, name="measure_new"),
    path(m + "measures/<int:pk>/", measures.measure_detail, name="measure"),
    path(m + "measures/<int:pk>/edit/", measures.measure_edit, name="measure_edit"),
    path(m + "measures/<int:pk>/status/", measures.measure_status, name="measure_status"),
    path(m + "actors/", actors.actor_list, name="actors"),
    path(m + "actors/new/", actors.actor_edit, name="actor_new"),
    path(m + "actors/<int:pk>/", actors.actor_detail, name="actor"),
    path(m + "actors/<int:pk>/edit/", actors.actor_edit, name="actor_edit"),
    path(m + "actors/<int:actor_pk>/contacts/new/", actors.contact_edit, name="contact_new"),
    path(m + "actors/<int:actor_pk>/contacts/<int:pk>/", actors.contact_edit, name="contact_edit"),
    path(m + "actors/<int:actor_pk>/contacts/<int:pk>/delete/", actors.contact_delete, name="contact_delete"),
    path(m + "offers/", offers.offer_list, name="offers"),
    path(m + "offers/new/", offers.offer_edit, name="offer_new"),
    path(m + "offers/<int:pk>/", offers.offer_detail, name="offer"),
    path(m + "offers/<int:pk>/edit/", offers.offer_edit, name="offer_edit"),
    path(m + "offers/<int:pk>/delete/", offers.offer_delete, name="offer_delete"),
    path(m + "offers/<int:pk>/translations/<str:language>/", offers.translation_edit, name="translation"),
]
