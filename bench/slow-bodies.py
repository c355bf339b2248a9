#!/usr/bin/env python3
"""Hostile-intake probe: CONNECTIONS connections (default 300) each declare a 1 MB webhook body and send it a byte a
second, while a correctly signed webhook is sent every second; prints how long each real webhook took to its 2xx
and the bridge's heap use (jcmd GC.heap_info) while the slow connections are held, for SECONDS (default 30).
Run against a bridge on 127.0.0.1:18080 started by bench/slow-bodies.sh.
usage: slow-bodies.py PID SECRET [connections] [seconds]"""
import hashlib, hmac, json, re, socket, subprocess, sys, threading, time, urllib.request, uuid, datetime

pid, secret = sys.argv[1], sys.argv[2].encode()
connections = int(sys.argv[3]) if len(sys.argv) > 3 else 300
seconds = int(sys.argv[4]) if len(sys.argv) > 4 else 30
HEADERS = ('POST /webhooks/sahha HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n'
           'Content-Length: 1048576\r\nX-Signature: %s\r\nX-External-Id: slow\r\n'
           'X-Event-Type: ArchetypeCreatedIntegrationEvent\r\n\r\n' % ('0' * 64)).encode()
slow, stop = [], threading.Event()


def open_slow():
    s = socket.create_connection(('127.0.0.1', 18080))
    s.sendall(HEADERS)
    return s


def trickle():
    while not stop.is_set():
        for i, s in enumerate(slow):
            try:
                s.sendall(b' ')
            except OSError:  # cut off at its deadline: a new one takes its place, as an attacker would
                try:
                    slow[i] = open_slow()
                except OSError:
                    pass
        time.sleep(1)


def heap_mb():
    out = subprocess.run(['jcmd', pid, 'GC.heap_info'], capture_output=True, text=True).stdout
    used = re.search(r'used (\d+)K', out)
    return int(used.group(1)) / 1024 if used else float('nan')


def webhook():
    person = 'probe-%s@example.com' % uuid.uuid4()
    body = json.dumps({'id': str(uuid.uuid4()), 'externalId': person, 'name': 'sleep_duration',
                       'value': 'short_sleeper', 'dataType': 'ordinal', 'periodicity': 'weekly', 'ordinality': 1,
                       'createdAtUtc': datetime.datetime.now(datetime.timezone.utc).isoformat()},
                      separators=(',', ':')).encode()
    request = urllib.request.Request('http://127.0.0.1:18080/webhooks/sahha', data=body, method='POST', headers={
        'Content-Type': 'application/json', 'X-Signature': hmac.new(secret, body, hashlib.sha256).hexdigest(),
        'X-External-Id': person, 'X-Event-Type': 'ArchetypeCreatedIntegrationEvent'})
    started = time.time()
    try:
        with urllib.request.urlopen(request, timeout=30) as answer:
            return answer.status, time.time() - started
    except urllib.error.HTTPError as refused:
        return refused.code, time.time() - started
    except OSError:
        return 0, time.time() - started


for _ in range(connections):
    slow.append(open_slow())
threading.Thread(target=trickle, daemon=True).start()
time.sleep(2)
latencies, statuses, heaps = [], {}, []
for _ in range(seconds):
    status, took = webhook()
    statuses[status] = statuses.get(status, 0) + 1
    latencies.append(took)
    heaps.append(heap_mb())
    time.sleep(max(0, 1 - took))
stop.set()
latencies.sort()
print('%d slow connections (1 MB declared, a byte a second) held for %d s' % (connections, seconds))
print('signed webhooks: answers %s; to the answer: median %.0f ms, max %.0f ms'
      % (statuses, 1000 * latencies[len(latencies) // 2], 1000 * latencies[-1]))
print('heap used while held: max %.0f MB, mean %.0f MB' % (max(heaps), sum(heaps) / len(heaps)))
