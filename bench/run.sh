#!/usr/bin/env bash
# Intake benchmark: distinct, correctly signed archetype webhooks against the packaged bridge with its durable
# journal, measured with wrk. Usage: bench/run.sh [h2|postgres] [seconds] [connections]
# Needs wrk (apt-get install wrk) and python3. Prints accepted webhooks/s and ACK latency p50/p99.
# JAVA_OPTS sets the bridge's JVM options (default: a 256 MB heap and the 10 ms pause goal the Dockerfile uses).
set -euo pipefail
cd "$(dirname "$0")/.."
store=${1:-h2}; seconds=${2:-20}; connections=${3:-16}
secret=bench-secret
work=$(mktemp -d)
trap 'kill $bridge 2>/dev/null; wait $bridge 2>/dev/null; rm -rf "$work"' EXIT

[ -f target/sahha-cx-bridge.jar ] || ./mvnw -B -q package -DskipTests
python3 bench/make-webhooks.py $((seconds * 12000)) "$secret" > "$work/webhooks.tsv"
python3 bench/make-webhooks.py 200000 "$secret" warmup > "$work/warmup.tsv"

settings=(--server.port=18080 --management.server.port=18081 --bridge.webhook.secret=$secret
          --bridge.data-dir="$work/data" --logging.level.root=WARN)
if [ "$store" = postgres ]; then
  db="bench_$$"
  psql -q -h 127.0.0.1 -U postgres -c "CREATE DATABASE $db" postgres
  trap 'kill $bridge 2>/dev/null; wait $bridge 2>/dev/null; psql -q -h 127.0.0.1 -U postgres -c "DROP DATABASE IF EXISTS $db" postgres; rm -rf "$work"' EXIT
  settings+=(--spring.datasource.url=jdbc:postgresql://127.0.0.1:5432/$db --spring.datasource.username=postgres)
fi
java ${JAVA_OPTS:--Xmx256m -XX:MaxGCPauseMillis=10} -jar target/sahha-cx-bridge.jar "${settings[@]}" > "$work/bridge.log" 2>&1 &
bridge=$!
until curl -sf localhost:18080/health >/dev/null; do sleep 0.5; done

# warm-up with webhooks of its own, so that every measured one is new to the journal; the JIT compiler is still
# busy for about 30 s after the first requests
WEBHOOKS="$work/warmup.tsv" wrk -t1 -c"$connections" -d40s -s bench/webhooks.lua http://127.0.0.1:18080 >/dev/null
echo "store=$store connections=$connections duration=${seconds}s"
WEBHOOKS="$work/webhooks.tsv" wrk -t1 -c"$connections" -d"${seconds}s" --latency -s bench/webhooks.lua \
    http://127.0.0.1:18080 | grep -E "accepted/s|latency p50|non-2xx|Requests/sec|99%|50%"
echo "journaled rows: $(curl -s localhost:18081/actuator/prometheus | grep -E '^bridge_webhooks_total\{.*outcome="accepted"' | awk '{print $2}')"
