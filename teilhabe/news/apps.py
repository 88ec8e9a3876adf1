from django.apps import AppConfig


class NewsConfig(AppConfig):
    name = "teilhabe.news"
    verbose_name = "Aktuelles"

    def ready(self):
        from . import jobs, signals  # noqa: F401  jobs registers "news.appear"

        signals.connect()

        from teilhabe.translations.registry import register

        from .models import TRANSLATED_FIELDS, NewsItem
        register("news", NewsItem, TRANSLATED_FIELDS, municipality="municipality", html=["text"])
