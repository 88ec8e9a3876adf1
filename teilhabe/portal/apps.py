from django.apps import AppConfig


class PortalConfig(AppConfig):
    name = "teilhabe.portal"

    def ready(self):
        # The page cache's signal receivers and its job handler ("portal.warm") in every
        # process: web, worker and commands.
        from teilhabe.portal import cache  # noqa: F401
