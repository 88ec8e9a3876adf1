"""/api/v1/ — read-only JSON over public data; described in openapi.py and docs/api.md.
No trailing slashes: the paths are resource names, as in the OpenAPI document."""
from django.urls import path, re_path

from .views import (actors, courses, meta, monitoring, municipalities, news, offers, opendata, participation,
                    strategy, topics)

app_name = "api"

M = "municipalities/<slug:slug>"

urlpatterns = [
    path("", meta.index, name="index"),
    path("openapi.json", meta.openapi_document, name="openapi"),
    path("municipalities", municipalities.municipality_list, name="municipalities"),
    path(M, municipalities.municipality_detail, name="municipality"),
    path(f"{M}/fields-of-action", strategy.field_list, name="fields"),
    path(f"{M}/fields-of-action/<str:key>", strategy.field_detail, name="field"),
    path(f"{M}/goals", strategy.goal_list, name="goals"),
    path(f"{M}/goals/<str:key>", strategy.goal_detail, name="goal"),
    path(f"{M}/measures", strategy.measure_list, name="measures"),
    path(f"{M}/measures/<str:external_id>", strategy.measure_detail, name="measure"),
    path(f"{M}/actors", actors.actor_list, name="actors"),
    path(f"{M}/actors/<str:external_id>", actors.actor_detail, name="actor"),
    path(f"{M}/offers", offers.offer_list, name="offers"),
    path(f"{M}/offers/<str:external_id>", offers.offer_detail, name="offer"),
    path(f"{M}/events", participation.event_list, name="events"),
    path(f"{M}/ideas", participation.idea_list, name="ideas"),
    path(f"{M}/indicators", monitoring.indicator_list, name="indicators"),
    path(f"{M}/indicators/<str:key>", monitoring.indicator_detail, name="indicator"),
    path(f"{M}/goal-attainment", monitoring.goal_attainment_list, name="goal_attainment"),
    path(f"{M}/topics", topics.topic_list, name="topics"),
    path(f"{M}/courses", courses.course_list, name="courses"),
    path(f"{M}/courses/<str:external_id>", courses.course_detail, name="course"),
    path(f"{M}/news", news.news_list, name="news"),
    path(f"{M}/dcat.jsonld", opendata.catalogue, name="dcat"),
    path(f"{M}/datasets/<str:name>.csv", opendata.dataset_csv, name="dataset_csv"),
    path("offers", offers.all_offers, name="all_offers"),
    # [\s\S], not ".": an address with a line break is unknown too, and answered in JSON.
    re_path(r"^(?P<rest>[\s\S]*)$", meta.not_found, name="not_found"),
]
