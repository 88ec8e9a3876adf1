from django.apps import AppConfig


class TopicsConfig(AppConfig):
    name = "teilhabe.topics"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from django.db.models.signals import post_save

        from teilhabe.municipalities.models import Municipality

        from teilhabe.translations.registry import register

        from .actions import topics_for_new_municipality
        from .models import InformationText, Topic

        register("topic", Topic, ["title", "summary"], municipality="municipality")
        register("text", InformationText, ["title", "body"], municipality="topic__municipality", html=["body"])

        post_save.connect(topics_for_new_municipality, sender=Municipality,
                          dispatch_uid="topics-for-new-municipality")
