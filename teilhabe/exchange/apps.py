from django.apps import AppConfig


class ExchangeConfig(AppConfig):
    """An app only so that Django finds its commands (import, export, import-offers,
    import-statistics); it has no models."""
    name = "teilhabe.exchange"
