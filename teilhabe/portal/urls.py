"""The public site's URLs (teilhabe/urls.py mounts this module once, last, at the root:
/<slug>/ would shadow any path after it). Participation's public pages and residents'
private links keep their namespace participation:…, the portal's own pages portal:…."""
from django.urls import include, path

from . import offers, views
from .views import topics, transparency

pages = [
    path("", views.index, name="index"),
    path("<slug:slug>/", views.home, name="home"),
    path("<slug:slug>/strategy/", views.strategy_page, name="strategy"),
    path("<slug:slug>/topics/<str:key>/", topics.topic_page, name="topic"),
    path("<slug:slug>/welcome/", topics.welcome, name="welcome"),
    path("<slug:slug>/concept/", views.concept_page, name="concept"),
    path("<slug:slug>/fields/<str:key>/", views.field_page, name="field"),
    path("<slug:slug>/goals/<str:key>/", views.goal_page, name="goal"),
    path("<slug:slug>/measures/<str:external_id>/", views.measure_page, name="measure"),
    path("<slug:slug>/offers/", offers.offer_directory, name="offers"),
    path("<slug:slug>/offers/<str:external_id>/", offers.offer_page, name="offer"),
    path("<slug:slug>/actors/", views.actor_list, name="actors"),
    path("<slug:slug>/actors/<str:external_id>/", views.actor_page, name="actor"),
    path("<slug:slug>/contact/", views.contact_page, name="contact"),
    path("<slug:slug>/transparency/", transparency.transparency, name="transparency"),
    path("<slug:slug>/open-data/", transparency.open_data, name="open_data"),
    path("<slug:slug>/search/", offers.site_search, name="search"),
]

urlpatterns = [
    path("", include("teilhabe.portal.participation_urls")),
    path("", include("teilhabe.portal.courses_urls")),
    path("", include("teilhabe.portal.council_urls")),
    path("", include("teilhabe.portal.sitepages_urls")),
    path("", include("teilhabe.portal.news_urls")),
    path("", include((pages, "portal"))),
]
