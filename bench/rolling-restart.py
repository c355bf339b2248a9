#!/usr/bin/env python3
"""Rolling restart under load, on PostgreSQL: two replicas of the packaged bridge share a database and deliver to a
Customer.io stand-in that records every event by person; webhooks (one distinct person each) go round-robin to
both at a steady rate while each replica in turn is stopped with SIGTERM and started again. Reports every answer
by kind (2xx, 503, refused at connect, other), how long each stop took, and whether every 2xx reached the vendor,
and once (an event sent again with the same id is one Customer.io drops by its dedupe key, counted apart).
usage: rolling-restart.py JDBC_URL SECONDS RATE   (JAVA, JAVA_OPTS and JAR as in bench/lib.sh; run by rolling-restart.sh)"""
import collections, datetime, hashlib, hmac, http.client, json, os, shlex, signal, subprocess, sys, threading
import time, uuid
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

url, seconds, rate = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
SECRET = 'bench-secret'
JAVA = os.environ.get('JAVA', 'java')
JAVA_OPTS = shlex.split(os.environ.get('JAVA_OPTS', ''))
JAR = os.environ['JAR']
VENDOR_PORT = 18090
REPLICAS = [(18080, 18081), (18082, 18083)]

events = collections.defaultdict(list)  # person -> the event ids Customer.io received for them
events_lock = threading.Lock()


class CustomerIo(BaseHTTPRequestHandler):
    protocol_version = 'HTTP/1.1'

    def log_message(self, *args):
        pass

    def answer(self):
        body = json.loads(self.rfile.read(int(self.headers.get('Content-Length', 0))) or b'{}')
        with events_lock:
            if self.path == '/api/v2/batch':
                for op in body['batch']:
                    if op.get('action') == 'event':
                        events[op['identifiers'].get('id') or op['identifiers'].get('email')].append(op['id'])
            elif self.path.endswith('/events'):
                person = self.path.split('/')[4].replace('%40', '@')
                events[person].append(body['id'])
        self.send_response(200)
        self.send_header('Content-Length', '2')
        self.end_headers()
        self.wfile.write(b'{}')

    do_PUT = do_POST = answer


def start(index):
    port, management = REPLICAS[index]
    log = open('replica-%d.log' % index, 'a')
    return subprocess.Popen([JAVA] + JAVA_OPTS + ['-jar', JAR, '--server.port=%d' % port,
                             '--management.server.port=%d' % management, '--bridge.webhook.secret=' + SECRET,
                             '--spring.datasource.url=' + url, '--spring.datasource.username=postgres',
                             '--bridge.instance-id=replica-%d' % index, '--logging.level.root=WARN',
                             '--bridge.destinations.customerio.credentials.site-id=site',
                             '--bridge.destinations.customerio.credentials.api-key=key',
                             '--bridge.destinations.customerio.base-url=http://127.0.0.1:%d' % VENDOR_PORT],
                            stdout=log, stderr=subprocess.STDOUT)


def up(index):
    try:
        connection = http.client.HTTPConnection('127.0.0.1', REPLICAS[index][0], timeout=2)
        connection.request('GET', '/health')
        return connection.getresponse().status == 200
    except OSError:
        return False


def webhook(n):
    person = 'rolling-%07d@example.com' % n
    created = datetime.datetime.now(datetime.timezone.utc).strftime('%Y-%m-%dT%H:%M:%S.%fZ')
    body = json.dumps({'id': str(uuid.uuid5(uuid.NAMESPACE_URL, person)), 'profileId': str(uuid.uuid4()),
                       'accountId': 'a17fd912-46a2-48aa-be3e-1146ee2cd258', 'externalId': person,
                       'name': 'sleep_duration', 'value': 'short_sleeper', 'dataType': 'ordinal',
                       'periodicity': 'weekly', 'ordinality': 1, 'startDateTime': '2025-07-07T00:00:00+12:00',
                       'endDateTime': '2025-07-13T00:00:00+12:00', 'createdAtUtc': created, 'version': 1},
                      separators=(',', ':')).encode()
    signature = hmac.new(SECRET.encode(), body, hashlib.sha256).hexdigest()
    return person, body, {'Content-Type': 'application/json', 'X-Signature': signature, 'X-External-Id': person,
                          'X-Event-Type': 'ArchetypeCreatedIntegrationEvent'}


answers = collections.Counter()
accepted = []
answers_lock = threading.Lock()
sending = True


def sender(worker, workers):
    n, started = worker, time.time()
    while sending:
        due = started + (n // workers) * workers / rate
        time.sleep(max(0.0, due - time.time()))
        person, body, headers = webhook(n)
        replica = n % 2
        try:
            connection = http.client.HTTPConnection('127.0.0.1', REPLICAS[replica][0], timeout=10)
            connection.request('POST', '/webhooks/sahha', body, headers)
            status = connection.getresponse().status
            kind = '2xx' if status == 200 else '503' if status == 503 else 'other %d' % status
        except ConnectionRefusedError:
            kind = 'refused at connect'
        except OSError as e:
            kind = 'other (%s)' % type(e).__name__
        with answers_lock:
            answers[kind] += 1
            if kind == '2xx':
                accepted.append(person)
        n += workers


vendor = ThreadingHTTPServer(('127.0.0.1', VENDOR_PORT), CustomerIo)
threading.Thread(target=vendor.serve_forever, daemon=True).start()
replicas = [start(0), start(1)]
while not (up(0) and up(1)):
    time.sleep(0.2)
workers = [threading.Thread(target=sender, args=(i, 8)) for i in range(8)]
for thread in workers:
    thread.start()
print('load: %d webhooks/s for %d s, round-robin to two replicas on %s' % (rate, seconds, url))
began = time.time()
for index in (0, 1):
    time.sleep(seconds / 4)
    stopping = time.time()
    replicas[index].send_signal(signal.SIGTERM)
    code = replicas[index].wait(timeout=60)
    print('  replica %d stopped by SIGTERM in %.1f s (exit %d) at %.0f s' % (index, time.time() - stopping, code,
                                                                          stopping - began))
    replicas[index] = start(index)
    while not up(index):
        time.sleep(0.1)
    print('  replica %d taking webhooks again %.1f s after the SIGTERM' % (index, time.time() - stopping))
time.sleep(max(0.0, began + seconds - time.time()))
sending = False
for thread in workers:
    thread.join()
deadline = time.time() + 120
while time.time() < deadline:
    with events_lock:
        missing = [person for person in accepted if person not in events]
    if not missing:
        break
    time.sleep(1)
for replica in replicas:
    replica.send_signal(signal.SIGTERM)
    replica.wait(timeout=60)
with events_lock:
    twice_same_id = sum(1 for ids in events.values() if len(ids) > 1 and len(set(ids)) == 1)
    twice_new_id = sum(1 for ids in events.values() if len(set(ids)) > 1)
print('answers: ' + ', '.join('%s %d' % item for item in sorted(answers.items())))
print('2xx answered: %d; delivered: %d; missing: %d; sent again with the same id (Customer.io drops it): %d;'
      ' sent twice with different ids: %d' % (len(accepted), len(accepted) - len(missing), len(missing),
                                               twice_same_id, twice_new_id))
vendor.shutdown()
sys.exit(1 if missing or twice_new_id or any(k.startswith('other') for k in answers) else 0)
