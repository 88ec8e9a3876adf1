from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "teilhabe.api"

    def ready(self):
        # Requests the middleware refuses before any view runs get the API's JSON errors.
        from teilhabe.api.http import refusal
        from teilhabe.api.oparl.http import refusal as oparl_refusal
        from teilhabe.lib.middleware import answer_refusals

        answer_refusals("/api/", refusal)
        answer_refusals("/oparl/", oparl_refusal)
        # Every change of a council object renews its municipality's kept OParl pages.
        from teilhabe.api.oparl.cache import connect

        connect()
        # ... and has the worker make their pages again (job "oparl.warm").
        from teilhabe.api.oparl import warm  # noqa: F401
