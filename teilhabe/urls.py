from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("admin/", admin.site.urls),
    path("backoffice/", include("teilhabe.backoffice.urls")),
    path("api/v1/", include("teilhabe.api.urls")),
    path("", include("teilhabe.portal_urls")),
]
