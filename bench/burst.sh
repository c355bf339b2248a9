#!/usr/bin/env bash
# Burst benchmark: N distinct, signed archetype webhooks as fast as wrk sends them, with all five destinations on
# and pointed at a local stand-in that enforces the vendors' documented rate limits (bench/vendor-standin.py).
# Reports intake rate and ACK latency during the burst, the time until each vendor has every event, vendor calls
# per event, and the bridge's peak memory (RSS).
# Usage: bench/burst.sh [webhooks] [connections]. Needs wrk (apt-get install wrk) and python3. JAVA_OPTS sets
# the bridge's JVM options (default: a 256 MB heap and the 10 ms pause goal the Dockerfile uses).
set -euo pipefail
cd "$(dirname "$0")/.."
count=${1:-200000}; connections=${2:-64}
secret=bench-secret
work=$(mktemp -d)
vendors=""; bridge=""; load=""
trap 'set +e; kill $load $bridge $vendors 2>/dev/null; wait 2>/dev/null; rm -rf "$work"' EXIT

[ -f target/sahha-cx-bridge.jar ] || ./mvnw -B -q package -DskipTests
python3 bench/make-webhooks.py "$count" "$secret" burst > "$work/webhooks.tsv"
python3 bench/vendor-standin.py 18090 & vendors=$!

stand_in=http://127.0.0.1:18090
java ${JAVA_OPTS:--Xmx256m -XX:MaxGCPauseMillis=10} -jar target/sahha-cx-bridge.jar --server.port=18080 --management.server.port=18081 \
    --bridge.webhook.secret=$secret --bridge.data-dir="$work/data" --logging.level.root=WARN \
    --bridge.destinations.customerio.site-id=site --bridge.destinations.customerio.api-key=key \
    --bridge.destinations.customerio.base-url=$stand_in \
    --bridge.destinations.segment.write-key=write-key --bridge.destinations.segment.base-url=$stand_in \
    --bridge.destinations.iterable.api-key=key --bridge.destinations.iterable.base-url=$stand_in \
    --bridge.destinations.klaviyo.private-api-key=pk --bridge.destinations.klaviyo.base-url=$stand_in \
    --bridge.destinations.mparticle.api-key=key --bridge.destinations.mparticle.api-secret=secret \
    --bridge.destinations.mparticle.base-url=$stand_in/v2 > "$work/bridge.log" 2>&1 &
bridge=$!
until curl -sf localhost:18080/health >/dev/null; do sleep 0.5; done

echo "burst of $count webhooks, $connections connections, five destinations"
started=$(python3 -c 'import time; print(time.time())')
WEBHOOKS="$work/webhooks.tsv" wrk -t1 -c"$connections" -d3600s --latency -s bench/burst.lua \
    http://127.0.0.1:18080 > "$work/wrk.txt" 2>&1 &
load=$!
# the burst is over when every webhook is accepted, or when no more are (wrk may hold one back)
python3 - "$count" "$started" "$work/accepted" <<'PY'
import re, sys, time, urllib.request
count, started, out = int(sys.argv[1]), float(sys.argv[2]), sys.argv[3]
def accepted():  # only the counter: the backlog gauges would count the journal on every one of these scrapes
    text = urllib.request.urlopen('http://127.0.0.1:18081/actuator/prometheus?includedNames=bridge_webhooks').read().decode()
    found = re.search(r'^bridge_webhooks_total\{[^}]*outcome="accepted"[^}]*\} (\S+)', text, re.M)
    return int(float(found.group(1))) if found else 0
last, last_change = 0, time.time()
while True:
    now_accepted = accepted()
    if now_accepted != last:
        last, last_change = now_accepted, time.time()
    if last >= count or (last > 0 and time.time() - last_change > 3):
        break
    time.sleep(0.1)
seconds = last_change - started
print('intake: %d accepted in %.1f s = %.0f/s' % (last, seconds, last / seconds))
open(out, 'w').write(str(last))
PY
kill -INT $load; wait $load || true; load=""
grep -E "latency p50|non-2xx" "$work/wrk.txt"

# a vendor has every event when the events it received (singly or in bulk calls) reach the accepted count
python3 - "$(cat "$work/accepted")" "$started" "$stand_in" <<'PY'
import json, sys, time, urllib.request
count, started, stand_in = int(sys.argv[1]), float(sys.argv[2]), sys.argv[3]
vendors = ['customerio', 'segment', 'iterable', 'klaviyo', 'mparticle']
done = {}
while len(done) < len(vendors):
    stats = json.load(urllib.request.urlopen(stand_in + '/stats'))
    for vendor in vendors:
        if vendor not in done and stats['events'].get(vendor, 0) >= count:
            done[vendor] = time.time() - started
    time.sleep(0.5)
stats = json.load(urllib.request.urlopen(stand_in + '/stats'))
for vendor in vendors:
    calls = stats['calls'].get(vendor, 0) + stats['throttled'].get(vendor, 0)
    print('%-10s every event after %7.1f s; %6d calls = %.4f per event, %.0f events per call (%d answered 429)'
          % (vendor, done[vendor], calls, calls / count, count / max(calls, 1), stats['throttled'].get(vendor, 0)))
PY
echo "bridge peak RSS: $(awk '/VmHWM/ {printf "%.0f MB", $2 / 1024}' /proc/$bridge/status)"
