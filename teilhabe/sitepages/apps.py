from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SitePagesConfig(AppConfig):
    name = "teilhabe.sitepages"
    label = "sitepages"
    verbose_name = _("Pflichtseiten")

    def ready(self):
        from teilhabe.sitepages import mail, retention  # noqa: F401  (the jobs they register)
