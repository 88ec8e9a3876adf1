"""A Nominatim-compatible search service on loopback, answering in Nominatim's jsonv2
format, that remembers what it was asked (query, User-Agent, time)."""
import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

import pytest

# What a real Nominatim answers for a search (trimmed to the fields a client reads and a few more).
HERTEN = {"place_id": 1, "licence": "Data © OpenStreetMap contributors, ODbL 1.0. http://osm.org/copyright",
          "osm_type": "way", "osm_id": 1, "lat": "51.5931247", "lon": "7.1407318", "category": "building",
          "type": "townhall", "place_rank": 30, "importance": 0.3, "addresstype": "building",
          "name": "Rathaus", "display_name": "Rathaus, Kurt-Schumacher-Straße 2, Herten, 45699, Deutschland",
          "boundingbox": ["51.5929", "51.5933", "7.1404", "7.1410"]}


class Nominatim:
    def __init__(self):
        self.requests = []  # (parsed query, headers, monotonic time)
        self.answers = {}   # q → list (Nominatim's jsonv2); anything else: []
        self.status = 200
        outer = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self):
                query = parse_qs(urlsplit(self.path).query)
                outer.requests.append((query, dict(self.headers), time.monotonic()))
                body = json.dumps(outer.answers.get(query.get("q", [""])[0], [])).encode()
                self.send_response(outer.status)
                self.send_header("Content-Type", "application/json; charset=utf-8")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/search"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def close(self):
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def nominatim(settings):
    service = Nominatim()
    settings.TEILHABE_GEOCODER_URL = service.url
    settings.TEILHABE_GEOCODER_INTERVAL = 0
    yield service
    service.close()
