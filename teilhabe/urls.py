"""The root URLs: each face mounted once — the back office under /backoffice/ (its URL
module composes its parts), the API under /api/v1/, the public site at the root, last."""
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
    # The back office's log-in pages keep their paths at the root (/login/, /logout/,
    # /password/…); before the portal, whose /<slug>/ would shadow them.
    path("", include("teilhabe.backoffice.account_urls")),
    path("", include("teilhabe.ops.urls")),  # /healthz, /readyz, /metrics
    path("", include("teilhabe.portal.urls")),  # last: /<slug>/ would shadow the paths above
]
