from django.apps import AppConfig


class TopicsConfig(AppConfig):
    name = "teilhabe.topics"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from django.db.models.signals import post_save

        from teilhabe.municipalities.models import Municipality

        from .actions import topics_for_new_municipality

        post_save.connect(topics_for_new_municipality, sender=Municipality,
                          dispatch_uid="topics-for-new-municipality")
