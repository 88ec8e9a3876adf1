"""The back office of the footer's pages (sitepages): /backoffice/<slug>/site-pages/…"""
from django.urls import path

from .views import sitepages

app_name = "sitepages_backoffice"
m = "<slug:slug>/site-pages/"
urlpatterns = [
    path(m, sitepages.overview, name="overview"),
    path(m + "feedback/<int:pk>/", sitepages.feedback_detail, name="feedback"),
    path(m + "<str:kind>/", sitepages.page_edit, name="edit"),
]
