from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("admin/", admin.site.urls),
    path("backoffice/", include("teilhabe.backoffice.urls")),
    path("", include("teilhabe.portal_urls")),
]
