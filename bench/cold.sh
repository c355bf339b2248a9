#!/usr/bin/env bash
# Cold intake: starts the packaged bridge with Customer.io delivering to the local vendor stand-in, sends one signed
# webhook every 20 ms until the first 2xx (start-up to the first 2xx, measured from the JVM's launch), then
# measures with wrk the SECONDS that follow that first accepted webhook (cold). It then keeps sending for WARM
# seconds (default 60) and measures SECONDS more (warm), so both come from one process in one sitting.
# Usage: bench/cold.sh [seconds] [connections]; JAVA, JAVA_OPTS, BRIDGE=aot and JAR choose how the bridge runs
# (bench/lib.sh), e.g. JAVA=/usr/lib/jvm/temurin-25-jdk-amd64/bin/java BRIDGE=aot bench/cold.sh 20 32.
# Needs wrk and python3. Prints accepted webhooks/s and ACK latency p50/p99 of each phase.
set -euo pipefail
cd "$(dirname "$0")/.."
. bench/lib.sh
seconds=${1:-20}; connections=${2:-32}; warm=${WARM:-60}
secret=bench-secret
work=$(mktemp -d)
vendors=""; bridge=""
trap 'set +e; kill $bridge $vendors 2>/dev/null; wait 2>/dev/null; rm -rf "$work"' EXIT
trap 'exit 143' INT TERM # so that the clean-up above runs when the script is stopped too

prepare_bridge "$work"
# made in the order they are sent, as Sahha creates records (see make-webhooks.py)
python3 bench/make-webhooks.py 1 "$secret" probe > "$work/probe.tsv"
python3 bench/make-webhooks.py $((seconds * 15000)) "$secret" cold > "$work/cold.tsv"
python3 bench/make-webhooks.py $((warm * 15000)) "$secret" warmup > "$work/warmup.tsv"
python3 bench/make-webhooks.py $((seconds * 15000)) "$secret" warm > "$work/warm.tsv"
python3 bench/vendor-standin.py 18090 & vendors=$!

launched=$(date +%s%N)
# Customer.io by its environment variables, which this release and 0.1.0 both read (JAR= the release before)
CIO_SITE_ID=site CIO_API_KEY=key CIO_BASE_URL=http://127.0.0.1:18090 \
    run_bridge "$work" --server.port=18080 --management.server.port=18081 --bridge.webhook.secret=$secret \
    --bridge.data-dir="$work/data" --logging.level.root=WARN > "$work/bridge.log" 2>&1 &
bridge=$!
IFS=$'\t' read -r signature person body < "$work/probe.tsv"
until [ "$(curl -s -o /dev/null -w '%{http_code}' --max-time 2 -H 'Content-Type: application/json' \
    -H "X-Signature: $signature" -H "X-External-Id: $person" -H 'X-Event-Type: ArchetypeCreatedIntegrationEvent' \
    --data-binary "$body" http://127.0.0.1:18080/webhooks/sahha 2>/dev/null)" = 200 ]; do
  kill -0 $bridge 2>/dev/null || { tail -20 "$work/bridge.log"; exit 1; }
  sleep 0.02
done
echo "start-up to the first 2xx: $(( ($(date +%s%N) - launched) / 1000000 )) ms"

measure() { # $1: what, $2: webhooks
  echo "$1 (${seconds} s, $connections connections):"
  WEBHOOKS="$2" wrk -t1 -c"$connections" -d"${seconds}s" --latency -s bench/webhooks.lua http://127.0.0.1:18080 \
      | grep -E "accepted/s|latency p50|not accepted" | sed 's/^/  /'
}
measure cold "$work/cold.tsv"
WEBHOOKS="$work/warmup.tsv" wrk -t1 -c"$connections" -d"${warm}s" -s bench/webhooks.lua http://127.0.0.1:18080 \
    > /dev/null
measure "warm, after $warm s more" "$work/warm.tsv"
echo "bridge RSS: $(awk '/VmRSS/ {printf "%.0f MB", $2 / 1024}' /proc/$bridge/status)"
