from django.contrib import admin
from django.urls import include, path

from teilhabe.portal.language import switch_language

urlpatterns = [
    path("admin/", admin.site.urls),
    path("backoffice/", include("teilhabe.backoffice.urls")),
    path("api/v1/", include("teilhabe.api.urls")),
    path("oparl/v1/", include("teilhabe.api.oparl.urls")),
    path("i18n/language/", switch_language, name="switch_language"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("backoffice/", include("teilhabe.backoffice.network_urls")),
    path("backoffice/", include("teilhabe.backoffice.monitoring_urls")),
    path("", include("teilhabe.backoffice.account_urls")),
    path("", include("teilhabe.ops.urls")),  # /healthz, /readyz, /metrics
    path("backoffice/", include("teilhabe.backoffice.participation_urls")),
    path("backoffice/", include("teilhabe.backoffice.courses_urls")),
    path("backoffice/", include("teilhabe.backoffice.steering_urls")),
    path("", include("teilhabe.portal.participation_urls")),
    path("", include("teilhabe.portal.council_urls")),
    path("", include("teilhabe.portal.urls")),  # last: /<slug>/ would shadow the paths above
]
