#!/usr/bin/env python3
"""A loopback HTTP server for Gazette's fetch tests: real report text in several encodings, and every way a
government site misbehaves. Prints its port on the first line of standard output, then serves until killed.

    python3 report_server.py SAMPLE.txt
"""
import gzip
import http.server
import json
import signal
import sys
import threading
import time

# The test process may start us with signals blocked (inherited from a runtime thread): let SIGTERM end us.
signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGTERM, signal.SIGINT})
signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))

SAMPLE = open(sys.argv[1], encoding="utf-8").read()
HTML = ("<html><head><meta charset=\"gb2312\"><title>广州市人民政府办公厅2020年政府信息公开工作年度报告</title></head>"
        "<body><pre>\n" + SAMPLE + "</pre></body></html>")
LOG = []          # (path, status) of every response
HITS = {}         # path -> requests seen
LOCK = threading.Lock()


class Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *args):
        pass

    def send(self, status, body=b"", headers=None):
        self.send_response(status)
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)
        with LOCK:
            LOG.append((self.path, status, self.headers.get("User-Agent", "")))

    def do_GET(self):
        with LOCK:
            HITS[self.path] = HITS.get(self.path, 0) + 1
            hits = HITS[self.path]
        path = self.path
        if path == "/_log":
            return self.send(200, json.dumps(LOG).encode(), {"Content-Type": "application/json"})
        if path == "/utf8.txt":
            return self.send(200, SAMPLE.encode("utf-8"), {"Content-Type": "text/plain; charset=utf-8"})
        if path == "/gb18030-no-charset.html":
            return self.send(200, HTML.encode("gb18030"), {"Content-Type": "text/html"})
        if path == "/gbk-header.txt":
            return self.send(200, SAMPLE.encode("gbk"), {"Content-Type": "text/plain; charset=gbk"})
        if path == "/big5.txt":
            return self.send(200, SAMPLE.encode("big5hkscs"), {"Content-Type": "text/plain; charset=big5"})
        if path == "/gzip.txt":
            return self.send(200, gzip.compress(SAMPLE.encode("utf-8")),
                             {"Content-Type": "text/plain; charset=utf-8", "Content-Encoding": "gzip"})
        if path == "/missing":
            return self.send(404, b"not found", {"Content-Type": "text/plain"})
        if path == "/forbidden":
            return self.send(403, b"no", {"Content-Type": "text/plain"})
        if path == "/flaky":
            if hits == 1:
                return self.send(500, b"oops", {"Content-Type": "text/plain"})
            return self.send(200, SAMPLE.encode("utf-8"), {"Content-Type": "text/plain; charset=utf-8"})
        if path == "/limited":
            if hits == 1:
                return self.send(429, b"slow down", {"Content-Type": "text/plain", "Retry-After": "1"})
            return self.send(200, SAMPLE.encode("utf-8"), {"Content-Type": "text/plain; charset=utf-8"})
        if path == "/always-500":
            return self.send(503, b"down", {"Content-Type": "text/plain"})
        if path == "/slow":
            body = SAMPLE.encode("utf-8")
            self.send_response(200)
            self.send_header("Content-Type", "text/plain; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body[:100])
            self.wfile.flush()
            time.sleep(6)
            try:
                self.wfile.write(body[100:])
            except Exception:
                pass
            return
        if path == "/loop-a":
            return self.send(302, b"", {"Location": "/loop-b"})
        if path == "/loop-b":
            return self.send(302, b"", {"Location": "/loop-a"})
        if path == "/to-file":
            return self.send(302, b"", {"Location": "file:///etc/passwd"})
        if path == "/moved":
            return self.send(301, b"", {"Location": "/utf8.txt"})
        if path == "/bomb":
            return self.send(200, gzip.compress(b"\0" * 20_000_000),
                             {"Content-Type": "text/plain", "Content-Encoding": "gzip"})
        if path == "/etag":
            if self.headers.get("If-None-Match") == '"v1"':
                return self.send(304, b"", {"ETag": '"v1"'})
            return self.send(200, SAMPLE.encode("utf-8"), {"Content-Type": "text/plain; charset=utf-8", "ETag": '"v1"'})
        return self.send(404, b"no such path", {"Content-Type": "text/plain"})


class Server(http.server.ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request, client_address):
        pass  # clients that give up on /slow reset their connection: expected


server = Server(("127.0.0.1", 0), Handler)
print(server.server_address[1], flush=True)
server.serve_forever()
