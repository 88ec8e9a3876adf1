from django.apps import AppConfig


class DemoConfig(AppConfig):
    """An app only so that Django finds `teilhabe demo`; it has no models."""
    name = "teilhabe.demo"
