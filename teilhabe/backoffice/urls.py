from django.urls import path

from teilhabe.backoffice import views

app_name = "backoffice"
urlpatterns = [
    path("", views.home, name="home"),
]
