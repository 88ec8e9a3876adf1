"""The pages every municipality's portal links from its footer (sitepages app): the
accessibility statement with its feedback form, Leichte Sprache, Gebärdensprache,
Impressum, Datenschutz, and the visitor's Darstellung."""
from django.urls import path

from .views import sitepages

app_name = "sitepages"
m = "<slug:slug>/"
urlpatterns = [
    path(m + "accessibility/", sitepages.accessibility, name="accessibility"),
    path(m + "accessibility/sent/", sitepages.feedback_sent, name="feedback_sent"),
    path(m + "easy-language/", sitepages.easy_language, name="easy_language"),
    path(m + "sign-language/", sitepages.sign_language, name="sign_language"),
    path(m + "sign-language/video", sitepages.sign_language_video, name="sign_language_video"),
    path(m + "sign-language/captions.vtt", sitepages.sign_language_captions, name="sign_language_captions"),
    path(m + "imprint/", sitepages.imprint, name="imprint"),
    path(m + "privacy/", sitepages.privacy, name="privacy"),
    path(m + "display/", sitepages.display_settings, name="display"),
]
