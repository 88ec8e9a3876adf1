"""/oparl/v1/ — OParl 1.1 (docs/oparl.md). URLs name objects by their id, never by
something that can change (2.3 "Langlebigkeit"): a Body by its municipality's id."""
from django.urls import path, re_path, register_converter

from . import views

app_name = "oparl"


class _Choice:
    """A path converter that takes one of a fixed set of words."""

    def __init__(self, words):
        self.regex = "|".join(words)

    def to_python(self, value):
        return value

    def to_url(self, value):
        return value


class Kind(_Choice):
    def __init__(self):
        super().__init__(views.KINDS)


class BodyList(_Choice):
    def __init__(self):
        super().__init__(views.BODY_LISTS)


class OrganizationList(_Choice):
    def __init__(self):
        super().__init__(("meetings", "consultations"))


register_converter(Kind, "oparl_kind")
register_converter(BodyList, "oparl_body_list")
register_converter(OrganizationList, "oparl_organization_list")

urlpatterns = [
    path("system", views.system, name="system"),
    path("bodies", views.body_list, name="bodies"),
    path("body/<int:municipality_id>", views.body_detail, name="body"),
    path("body/<int:municipality_id>/<oparl_body_list:name>", views.body_objects, name="body_objects"),
    path("organization/<int:pk>/<oparl_organization_list:name>", views.organization_objects,
         name="organization_objects"),
    path("<oparl_kind:kind>/<int:pk>", views.object_detail, name="object"),
    path("file/<int:pk>/access", views.file_content, {"download": False}, name="file_access"),
    path("file/<int:pk>/download", views.file_content, {"download": True}, name="file_download"),
    # [\s\S], not ".": an address with a line break is unknown too, and answered in JSON.
    re_path(r"^(?P<rest>[\s\S]*)$", views.unknown, name="not_found"),
]
