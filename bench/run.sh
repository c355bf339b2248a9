#!/usr/bin/env bash
# Intake benchmark: distinct, correctly signed archetype webhooks against the packaged bridge with its durable
# journal, measured with wrk. Usage: bench/run.sh [h2|postgres] [seconds] [connections]
# WARMUP sets the warm-up's seconds (default 90). ORDER=random: see make-webhooks.py.
# Needs wrk (apt-get install wrk) and python3. Prints accepted webhooks/s and ACK latency p50/p99.
# JAVA, JAVA_OPTS, BRIDGE=aot and JAR choose how the bridge runs (bench/lib.sh).
set -euo pipefail
cd "$(dirname "$0")/.."
. bench/lib.sh
store=${1:-h2}; seconds=${2:-20}; connections=${3:-16}; warmup=${WARMUP:-90}
secret=bench-secret
work=$(mktemp -d)
bridge=""
trap 'set +e; kill $bridge 2>/dev/null; wait $bridge 2>/dev/null; rm -rf "$work"' EXIT
trap 'exit 143' INT TERM # so that the clean-up above runs when the script is stopped too

prepare_bridge "$work"
# the warm-up's webhooks are made first: created before the measured ones, as they would have been
python3 bench/make-webhooks.py $((warmup * 12000)) "$secret" warmup > "$work/warmup.tsv"
python3 bench/make-webhooks.py $((seconds * 25000)) "$secret" > "$work/webhooks.tsv"

settings=(--server.port=18080 --management.server.port=18081 --bridge.webhook.secret=$secret
          --bridge.data-dir="$work/data" --logging.level.root=WARN)
if [ "$store" = postgres ]; then
  db="bench_$$"
  psql -q -h 127.0.0.1 -U postgres -c "CREATE DATABASE $db" postgres
  trap 'set +e; kill $bridge 2>/dev/null; wait $bridge 2>/dev/null; psql -q -h 127.0.0.1 -U postgres -c "DROP DATABASE IF EXISTS $db" postgres; rm -rf "$work"' EXIT
  settings+=(--spring.datasource.url=jdbc:postgresql://127.0.0.1:5432/$db --spring.datasource.username=postgres)
fi
run_bridge "$work" "${settings[@]}" > "$work/bridge.log" 2>&1 &
bridge=$!
wait_health

# warm-up with webhooks of its own, so that every measured one is new to the journal; the JIT compiler is still
# busy 40 s after the first requests (4 of 30 CPU seconds of a run measured then were compilation), not after 90 s
WEBHOOKS="$work/warmup.tsv" wrk -t1 -c"$connections" -d${warmup}s -s bench/webhooks.lua http://127.0.0.1:18080 >/dev/null
before=$(python3 bench/burst-progress.py accepted)
echo "store=$store connections=$connections duration=${seconds}s"
WEBHOOKS="$work/webhooks.tsv" wrk -t1 -c"$connections" -d"${seconds}s" --latency -s bench/webhooks.lua \
    http://127.0.0.1:18080 | grep -E "accepted/s|latency p50|not accepted|Requests/sec|99%|50%"
echo "journaled during the measured run: $(( $(python3 bench/burst-progress.py accepted) - before ))"
