"""A small OParl endpoint on loopback for the import's tests: answers from a dict of
path → JSON object (or bytes), 404 for anything else, in a thread of the test process."""
import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import urlsplit


class Endpoint:
    def __init__(self):
        self.routes = {}
        self.requests = []
        self.busy = set()  # paths that answer 503 once (then as routed)
        endpoint = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self):
                path = urlsplit(self.path).path
                endpoint.requests.append(self.path)
                answer = endpoint.routes.get(path)
                if path in endpoint.busy:
                    endpoint.busy.discard(path)
                    self.send_response(503)
                    self.send_header("Retry-After", "0")
                    self.end_headers()
                    return
                if answer is None:
                    self.send_response(404)
                    self.end_headers()
                    return
                body = answer if isinstance(answer, bytes) else json.dumps(answer).encode()
                self.send_response(200)
                self.send_header("Content-Type", "application/pdf" if isinstance(answer, bytes) else "application/json")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def list(self, path, objects):
        self.routes[path] = {"data": objects, "pagination": {}, "links": {}}

    def close(self):
        self.server.shutdown()
        self.server.server_close()
