"""News in the back office, under /backoffice/<slug>/news/; namespace "news_office"."""
from django.urls import path

from .views import news as views

app_name = "news_office"
m = "<slug:slug>/news/"
urlpatterns = [
    path(m, views.news_list, name="list"),
    path(m + "new/", views.news_edit, name="new"),
    path(m + "<int:pk>/", views.news_item, name="item"),
    path(m + "<int:pk>/edit/", views.news_edit, name="edit"),
    path(m + "<int:pk>/delete/", views.news_delete, name="delete"),
    path(m + "<int:pk>/pictures/new/", views.picture_upload, name="picture_new"),
    path(m + "<int:pk>/pictures/<int:picture_pk>/delete/", views.picture_delete, name="picture_delete"),
    path(m + "<int:pk>/attachments/new/", views.attachment_upload, name="attachment_new"),
]
