"""The client's address for log-in throttling and rate limits: the connection's, or behind
a proxy (TEILHABE_BEHIND_PROXY) the last X-Forwarded-For entry, which the proxy appended."""
from teilhabe.lib.client import client_ip


def test_it_takes_the_connection_without_a_proxy(rf, settings):
    settings.SECURE_PROXY_SSL_HEADER = None
    assert client_ip(rf.get("/", REMOTE_ADDR="192.0.2.1", HTTP_X_FORWARDED_FOR="10.0.0.1")) == "192.0.2.1"


def test_it_takes_the_entry_the_proxy_appended(rf, settings):
    settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    request = rf.get("/", REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR="10.0.0.1, 192.0.2.7")
    assert client_ip(request) == "192.0.2.7"
    assert client_ip(rf.get("/", REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR="192.0.2.8, ")) == "192.0.2.8"
    assert client_ip(rf.get("/", REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR=" , ")) == "127.0.0.1"
