from django.urls import path

from . import views

app_name = "monitoring"
urlpatterns = [
    path("<slug:slug>/monitoring/", views.indicator_list, name="indicators"),
    path("<slug:slug>/monitoring/<int:pk>/", views.indicator_detail, name="indicator"),
    path("<slug:slug>/monitoring/thresholds/", views.thresholds, name="thresholds"),
    path("<slug:slug>/monitoring/catalogue/", views.catalogue_adopt, name="catalogue_adopt"),
    path("<slug:slug>/monitoring/<int:pk>/csv/", views.indicator_csv, name="indicator_csv"),
]
