"""The network's pages are served from the back office (issue 11): the app keeps models,
rules and analysis only, and the URLs and their names stay as they were."""
import importlib.util

from django.urls import resolve, reverse


def test_the_network_app_holds_no_pages():
    for old in ("teilhabe.network.views", "teilhabe.network.urls", "teilhabe.network.forms"):
        assert importlib.util.find_spec(old) is None, old
    for new in ("teilhabe.backoffice.views.network", "teilhabe.backoffice.network_urls",
                "teilhabe.backoffice.network_forms", "teilhabe.network.rules"):
        assert importlib.util.find_spec(new) is not None, new


def test_the_network_pages_keep_their_urls_and_names():
    urls = {name: reverse(f"network:{name}", args=args) for name, args in (
        ("network", ["herne"]), ("export_csv", ["herne"]), ("export_graphml", ["herne"]),
        ("entries", ["herne"]), ("group_new", ["herne"]), ("group_edit", ["herne", 1]),
        ("tie_new", ["herne"]), ("tie_edit", ["herne", 1]), ("group_delete", ["herne", 1]),
        ("tie_delete", ["herne", 1]), ("opening", ["herne"]), ("officer_edit", ["herne", 1]),
        ("training_new", ["herne", 1]))}
    assert urls == {
        "network": "/backoffice/herne/network/", "export_csv": "/backoffice/herne/network/netzwerk.csv",
        "export_graphml": "/backoffice/herne/network/netzwerk.graphml",
        "entries": "/backoffice/herne/network/entries/", "group_new": "/backoffice/herne/network/groups/new/",
        "group_edit": "/backoffice/herne/network/groups/1/", "tie_new": "/backoffice/herne/network/ties/new/",
        "tie_edit": "/backoffice/herne/network/ties/1/",
        "group_delete": "/backoffice/herne/network/groups/1/delete/",
        "tie_delete": "/backoffice/herne/network/ties/1/delete/",
        "opening": "/backoffice/herne/network/opening/",
        "officer_edit": "/backoffice/herne/network/opening/1/officer/",
        "training_new": "/backoffice/herne/network/opening/1/trainings/new/"}
    for url in urls.values():
        assert resolve(url).func.__module__ == "teilhabe.backoffice.views.network", url
