"""The back office's URLs, all under /backoffice/ (teilhabe/urls.py mounts this module once).
Each part keeps its own namespace, so every URL name stays what it was: the pages of
concept, measures, actors, offers and settings here (backoffice:…), network's, monitoring's
and participation's in their modules beside this one."""
from django.urls import include, path

from .views import actors, concept, home, measures, offers, opendata, settings, translations

m = "<slug:slug>/"
pages = [
    path("", home.home, name="home"),
    path(m, home.municipality, name="municipality"),
    path(m + "settings/", settings.overview, name="settings"),
    path(m + "translations/", translations.overview, name="content_translations"),
    path(m + "translations/<str:code>.xlf", translations.download, name="content_translations_download"),
    path(m + "translations/<str:kind>/<int:pk>/", translations.edit, name="content_translation"),
    path(m + "settings/open-data/", opendata.open_data_settings, name="settings_open_data"),
    path(m + "settings/districts/new/", settings.district_edit, name="district_new"),
    path(m + "settings/districts/<int:pk>/", settings.district_edit, name="district_edit"),
    path(m + "settings/districts/<int:pk>/delete/", settings.district_delete, name="district_delete"),
    path(m + "settings/target-groups/new/", settings.target_group_edit, name="target_group_new"),
    path(m + "settings/target-groups/<int:pk>/", settings.target_group_edit, name="target_group_edit"),
    path(m + "settings/synonyms/", settings.search_synonyms, name="search_synonyms"),
    path(m + "settings/members/new/", settings.member_add, name="member_add"),
    path(m + "settings/members/<int:pk>/remove/", settings.member_remove, name="member_remove"),
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
    path(m + "offers/<int:pk>/geocode/", offers.offer_geocode, name="offer_geocode"),
    path(m + "offers/<int:pk>/translations/<str:language>/", offers.translation_edit, name="translation"),
]

urlpatterns = [
    path("", include((pages, "backoffice"))),
    path("", include("teilhabe.backoffice.network_urls")),
    path("", include("teilhabe.backoffice.monitoring_urls")),
    path("", include("teilhabe.backoffice.participation_urls")),
    path("", include("teilhabe.backoffice.courses_urls")),
    path("", include("teilhabe.backoffice.steering_urls")),
    path("", include("teilhabe.backoffice.council_urls")),
    path("", include("teilhabe.backoffice.sitepages_urls")),
    path("", include("teilhabe.backoffice.topics_urls")),
    path("", include("teilhabe.backoffice.news_urls")),
]
