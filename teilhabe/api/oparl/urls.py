"""/oparl/v1/ — OParl 1.1 (docs/oparl.md). URLs name objects by their id, never by
something that can change (2.3 "Langlebigkeit"): a Body by its municipality's id."""
from django.urls import path, re_path

from . import views

app_name = "oparl"

urlpatterns = [
    path("system", views.system, name="system"),
    path("bodies", views.body_list, name="bodies"),
    path("body/<int:municipality_id>", views.body_detail, name="body"),
    *[path(f"body/<int:municipality_id>/{name}", views.body_objects, {"name": name}, name=f"body_{name}")
      for name in views.BODY_LISTS],
    *[path(f"organization/<int:pk>/{name}", views.organization_objects, {"name": name}, name=f"organization_{name}")
      for name in ("meetings", "consultations")],
    *[path(f"{kind}/<int:pk>", views.object_detail, {"kind": kind}, name=kind) for kind in views.KINDS],
    path("file/<int:pk>/access", views.file_content, {"download": False}, name="file_access"),
    path("file/<int:pk>/download", views.file_content, {"download": True}, name="file_download"),
    re_path(r"^(?P<rest>[\s\S]*)$", views.unknown, name="not_found"),
]
