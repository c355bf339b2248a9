#!/usr/bin/env bash
# Burst benchmark: N distinct, signed archetype webhooks as fast as wrk sends them, with all five destinations on
# and pointed at a local stand-in that enforces the vendors' documented rate limits (bench/vendor-standin.py).
# Reports intake rate and ACK latency during the burst, the time until each vendor has every event, vendor calls
# per event, and the bridge's peak memory (RSS).
# The bridge is warmed up first, as one that has been running is when Sahha recomputes: WARMUP webhooks (default
# 20,000; 0 for a cold start) are sent and delivered to every vendor before the burst starts.
# Usage: [WARMUP=n] bench/burst.sh [webhooks] [connections]. Needs wrk (apt-get install wrk) and python3.
# JAVA, JAVA_OPTS, BRIDGE=aot and JAR choose how the bridge runs (bench/lib.sh).
set -euo pipefail
cd "$(dirname "$0")/.."
. bench/lib.sh
count=${1:-200000}; connections=${2:-64}; warmup=${WARMUP:-20000}
secret=bench-secret
work=$(mktemp -d)
vendors=""; bridge=""; load=""
trap 'set +e; kill $load $bridge $vendors 2>/dev/null; wait 2>/dev/null; rm -rf "$work"' EXIT
trap 'exit 143' INT TERM # so that the clean-up above runs when the script is stopped too

prepare_bridge "$work"
python3 bench/make-webhooks.py "$warmup" "$secret" warmup > "$work/warmup.tsv"
python3 bench/make-webhooks.py "$count" "$secret" burst > "$work/webhooks.tsv"
python3 bench/vendor-standin.py 18090 & vendors=$!

stand_in=http://127.0.0.1:18090
# the destinations through their documented environment variables, which every release reads (JAR=an older one)
CIO_SITE_ID=site CIO_API_KEY=key CIO_BASE_URL=$stand_in SEGMENT_WRITE_KEY=write-key SEGMENT_HOST=$stand_in \
ITERABLE_API_KEY=key ITERABLE_BASE_URL=$stand_in KLAVIYO_PRIVATE_API_KEY=pk KLAVIYO_BASE_URL=$stand_in \
MPARTICLE_API_KEY=key MPARTICLE_API_SECRET=secret MPARTICLE_BASE_URL=$stand_in/v2 \
run_bridge "$work" --server.port=18080 --management.server.port=18081 \
    --bridge.webhook.secret=$secret --bridge.data-dir="$work/data" --logging.level.root=WARN > "$work/bridge.log" 2>&1 &
bridge=$!
wait_health

# sends $1's webhooks once each (then only health checks), prints the intake, leaves how many were accepted in $2
send() {
  local started base; base=$(python3 bench/burst-progress.py accepted); started=$(date +%s.%N)
  WEBHOOKS="$1" wrk -t1 -c"$connections" -d3600s --latency -s bench/burst.lua http://127.0.0.1:18080 \
      > "$work/wrk.txt" 2>&1 & load=$!
  python3 bench/burst-progress.py intake "$(wc -l < "$1")" "$started" "$base" > "$2"
  kill -INT $load; wait $load || true; load=""
}

if [ "$warmup" -gt 0 ]; then
  echo "warm-up: $warmup webhooks, delivered to every vendor before the burst"
  send "$work/warmup.tsv" "$work/accepted" 2>/dev/null
  python3 bench/burst-progress.py delivered "$(cat "$work/accepted")" "$(date +%s)" --quiet
  curl -sf -X DELETE $stand_in/stats
fi

echo "burst of $count webhooks, $connections connections, five destinations"
started=$(date +%s.%N)
send "$work/webhooks.tsv" "$work/accepted"
grep -E "latency p50|non-2xx" "$work/wrk.txt"
python3 bench/burst-progress.py delivered "$(cat "$work/accepted")" "$started"
echo "bridge peak RSS: $(awk '/VmHWM/ {printf "%.0f MB", $2 / 1024}' /proc/$bridge/status)"
