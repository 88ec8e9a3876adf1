"""The topic pages of the back office (namespace topics_backoffice), under /backoffice/<slug>/topics/,
and an offer's topics."""
from django.urls import path

from .views import topics

app_name = "topics_backoffice"
m = "<slug:slug>/"
urlpatterns = [
    path(m + "topics/", topics.topic_list, name="topics"),
    path(m + "topics/defaults/", topics.topic_defaults, name="topic_defaults"),
    path(m + "topics/new/", topics.topic_edit, name="topic_new"),
    path(m + "topics/<int:pk>/", topics.topic_detail, name="topic"),
    path(m + "topics/<int:pk>/edit/", topics.topic_edit, name="topic_edit"),
    path(m + "topics/<int:topic_pk>/texts/new/", topics.text_edit, name="text_new"),
    path(m + "topics/<int:topic_pk>/texts/<int:pk>/", topics.text_edit, name="text_edit"),
    path(m + "offers/<int:pk>/topics/", topics.offer_topics, name="offer_topics"),
]
