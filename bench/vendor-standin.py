#!/usr/bin/env python3
"""A local stand-in for the five vendors' APIs, single and bulk, for the burst benchmark. It enforces each vendor's
documented rate limits (per endpoint; Klaviyo's per-second and per-minute windows; mParticle's per batch, also
inside /bulkevents) with a 429 and Retry-After: 1, answers as the vendor does (Klaviyo's import jobs complete at
once), and answers GET /stats with, per vendor, the events it has received, the calls it accepted and the calls it
throttled, as JSON; DELETE /stats starts those counts again.
usage: vendor-standin.py PORT"""
import json, sys, threading, time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

# (method, path prefix) -> vendor, rate window, what the call is; the longest matching prefix wins
ROUTES = {
    ('PUT', '/api/v1/customers/'): ('customerio', 'customerio', 'update'),
    ('POST', '/api/v1/customers/'): ('customerio', 'customerio', 'event'),
    ('POST', '/api/v2/batch'): ('customerio', 'customerio', 'cio-batch'),
    ('POST', '/v1/identify'): ('segment', 'segment', 'update'),
    ('POST', '/v1/track'): ('segment', 'segment', 'event'),
    ('POST', '/v1/batch'): ('segment', 'segment', 'segment-batch'),
    ('POST', '/api/users/update'): ('iterable', 'iterable-update', 'update'),
    ('POST', '/api/events/track'): ('iterable', 'iterable-track', 'event'),
    ('POST', '/api/users/bulkUpdate'): ('iterable', 'iterable-bulk-update', 'iterable-bulk'),
    ('POST', '/api/events/trackBulk'): ('iterable', 'iterable-track-bulk', 'iterable-bulk-events'),
    ('POST', '/api/profile-import'): ('klaviyo', 'klaviyo-profile', 'update'),
    ('POST', '/api/events'): ('klaviyo', 'klaviyo-events', 'event'),
    ('POST', '/api/profile-bulk-import-jobs'): ('klaviyo', 'klaviyo-import', 'klaviyo-import'),
    ('GET', '/api/profile-bulk-import-jobs/'): ('klaviyo', 'klaviyo-import-status', 'klaviyo-job'),
    ('POST', '/api/event-bulk-create-jobs'): ('klaviyo', 'klaviyo-event-jobs', 'klaviyo-events'),
    ('POST', '/v2/events'): ('mparticle', 'mparticle', 'mparticle-batch'),
    ('POST', '/v2/bulkevents'): ('mparticle', 'mparticle', 'mparticle-bulk'),
}
# window -> (per second, per minute or 0); Customer.io at its documented 1000/s, the bridge's default is 100/s
LIMITS = {
    'customerio': (1000, 0), 'segment': (1000, 0),
    'iterable-update': (500, 0), 'iterable-track': (2000, 0), 'iterable-bulk-update': (5, 0),
    'iterable-track-bulk': (10, 0),
    'klaviyo-profile': (75, 750), 'klaviyo-events': (350, 3500), 'klaviyo-import': (10, 150),
    'klaviyo-import-status': (10, 150), 'klaviyo-event-jobs': (10, 150),
    'mparticle': (270, 0),
}


class Window:
    """Fixed windows, as the vendors count them."""

    def __init__(self, per_second, per_minute):
        self.per_second, self.per_minute = per_second, per_minute
        self.second, self.second_count, self.minute, self.minute_count = 0, 0, 0, 0
        self.lock = threading.Lock()

    def allow(self, units=1):
        now = time.time()
        with self.lock:
            if int(now) != self.second:
                self.second, self.second_count = int(now), 0
            if int(now // 60) != self.minute:
                self.minute, self.minute_count = int(now // 60), 0
            if self.second_count + units > self.per_second or (
                    self.per_minute and self.minute_count + units > self.per_minute):
                return False
            self.second_count += units
            self.minute_count += units
            return True


WINDOWS = {name: Window(*limit) for name, limit in LIMITS.items()}
STATS = {'events': {}, 'calls': {}, 'throttled': {}}
STATS_LOCK = threading.Lock()
JOB_IDS = iter(range(1, 1 << 62))


def route(method, path):
    matches = [key for key in ROUTES if key[0] == method and path.startswith(key[1])]
    return ROUTES[max(matches, key=lambda key: len(key[1]))] if matches else None


def events_in(kind, body):
    """How many events a call carries."""
    if kind == 'event':
        return 1
    if kind in ('update', 'iterable-bulk', 'klaviyo-import', 'klaviyo-job'):
        return 0
    data = json.loads(body)
    if kind == 'cio-batch':
        return sum(1 for op in data['batch'] if op.get('action') == 'event')
    if kind == 'segment-batch':
        return sum(1 for message in data['batch'] if message.get('type') == 'track')
    if kind == 'iterable-bulk-events':
        return len(data['events'])
    if kind == 'klaviyo-events':
        return len(data['data']['attributes']['events-bulk-create']['data'])
    if kind == 'mparticle-batch':
        return 1 if data.get('events') else 0
    if kind == 'mparticle-bulk':
        return sum(1 for batch in data if batch.get('events'))
    raise ValueError(kind)


def count(table, vendor, n=1):
    with STATS_LOCK:
        STATS[table][vendor] = STATS[table].get(vendor, 0) + n


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

    def handle_call(self):
        body = self.rfile.read(int(self.headers.get('Content-Length', 0)))
        if self.command == 'GET' and self.path == '/stats':
            with STATS_LOCK:
                stats = json.dumps(STATS).encode()
            return self.answer(200, stats, [('Content-Type', 'application/json')])
        if self.command == 'DELETE' and self.path == '/stats':
            with STATS_LOCK:
                for table in STATS.values():
                    table.clear()
            return self.answer(204)
        found = route(self.command, self.path)
        if found is None:
            return self.answer(404)
        vendor, window, kind = found
        units = len(json.loads(body)) if kind == 'mparticle-bulk' else 1
        if not WINDOWS[window].allow(units):
            count('throttled', vendor)
            return self.answer(429, b'', [('Retry-After', '1')])
        count('calls', vendor)
        count('events', vendor, events_in(kind, body))
        status, answer = 200, b'{}'
        if kind in ('event', 'klaviyo-events', 'mparticle-batch', 'mparticle-bulk') and vendor in ('klaviyo', 'mparticle'):
            status, answer = 202, b''
        elif vendor == 'segment':
            answer = b'{"success":true}'
        elif vendor == 'iterable':
            answer = (b'{"successCount":1,"failCount":0}' if kind.startswith('iterable-bulk')
                      else b'{"code":"Success","msg":""}')
        elif kind in ('klaviyo-import', 'klaviyo-job'):
            job = 'job-%d' % next(JOB_IDS) if kind == 'klaviyo-import' else self.path.rsplit('/', 1)[1]
            status = 202 if kind == 'klaviyo-import' else 200
            answer = json.dumps({'data': {'type': 'profile-bulk-import-job', 'id': job,
                                          'attributes': {'status': 'complete', 'failed_count': 0}}}).encode()
        self.answer(status, answer, [('Content-Type', 'application/json')])

    do_GET = handle_call
    do_POST = handle_call
    do_PUT = handle_call
    do_DELETE = handle_call


if __name__ == '__main__':
    server = ThreadingHTTPServer(('127.0.0.1', int(sys.argv[1])), Handler)
    server.daemon_threads = True
    server.serve_forever()
