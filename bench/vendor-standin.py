#!/usr/bin/env python3
"""A local stand-in for the five vendors' APIs for the burst benchmark. It enforces each vendor's documented
rate limits (per endpoint; Klaviyo's per-second and per-minute windows) with a 429 and Retry-After: 1, counts
the calls it accepted per endpoint, and answers GET /stats with those counts as JSON.
usage: vendor-standin.py PORT"""
import json, sys, threading, time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

# path prefix -> (per second, per minute or 0); Customer.io at its documented 1000/s, the bridge's default is 100/s
LIMITS = {
    '/api/v1/customers/': (1000, 0),
    '/v1/': (1000, 0),
    '/api/users/update': (500, 0),
    '/api/events/track': (2000, 0),
    '/api/profile-import': (75, 750),
    '/api/events': (350, 3500),
    '/v2/events': (270, 0),
}
ANSWERS = {'/api/users/update': b'{"code":"Success","msg":""}', '/api/events/track': b'{"code":"Success","msg":""}',
           '/v1/': b'{"success":true}'}


class Window:
    """Fixed windows, as the vendors count them."""

    def __init__(self, per_second, per_minute):
        self.per_second, self.per_minute = per_second, per_minute
        self.second, self.second_count, self.minute, self.minute_count = 0, 0, 0, 0
        self.lock = threading.Lock()

    def allow(self):
        now = time.time()
        with self.lock:
            if int(now) != self.second:
                self.second, self.second_count = int(now), 0
            if int(now // 60) != self.minute:
                self.minute, self.minute_count = int(now // 60), 0
            if self.second_count >= self.per_second or (self.per_minute and self.minute_count >= self.per_minute):
                return False
            self.second_count += 1
            self.minute_count += 1
            return True


WINDOWS = {prefix: Window(*limit) for prefix, limit in LIMITS.items()}
COUNTS = {}
THROTTLED = {}
COUNT_LOCK = threading.Lock()


def endpoint(path):
    # the longest matching prefix: /api/events/track is not /api/events
    matches = [p for p in LIMITS if path.startswith(p)]
    if not matches:
        return None
    best = max(matches, key=len)
    if best == '/api/v1/customers/':
        return '/api/v1/customers/*/events' if path.endswith('/events') else '/api/v1/customers/*'
    return path if best == '/v1/' else best


class Handler(BaseHTTPRequestHandler):
    protocol_version = 'HTTP/1.1'

    def log_message(self, *args):
        pass

    def answer(self, status, body=b'', headers=()):
        self.send_response(status)
        for name, value in headers:
            self.send_header(name, value)
        self.send_header('Content-Length', str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def do_GET(self):
        with COUNT_LOCK:
            body = json.dumps({'accepted': COUNTS, 'throttled': THROTTLED}).encode()
        self.answer(200, body, [('Content-Type', 'application/json')])

    def handle_call(self):
        self.rfile.read(int(self.headers.get('Content-Length', 0)))
        name = endpoint(self.path)
        if name is None:
            return self.answer(404)
        prefix = max((p for p in LIMITS if self.path.startswith(p)), key=len)
        if not WINDOWS[prefix].allow():
            with COUNT_LOCK:
                THROTTLED[name] = THROTTLED.get(name, 0) + 1
            return self.answer(429, b'', [('Retry-After', '1')])
        with COUNT_LOCK:
            COUNTS[name] = COUNTS.get(name, 0) + 1
        status = 202 if name in ('/api/events', '/v2/events') else 200
        body = ANSWERS.get(prefix, b'{}') if status == 200 else b''
        self.answer(status, body, [('Content-Type', 'application/json')])

    do_POST = handle_call
    do_PUT = handle_call


if __name__ == '__main__':
    server = ThreadingHTTPServer(('127.0.0.1', int(sys.argv[1])), Handler)
    server.daemon_threads = True
    server.serve_forever()
