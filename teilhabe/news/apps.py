from django.apps import AppConfig


class NewsConfig(AppConfig):
    name = "teilhabe.news"
    verbose_name = "Aktuelles"

    def ready(self):
        from . import jobs, signals  # noqa: F401  jobs registers "news.appear"

        signals.connect()
