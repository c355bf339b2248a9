#!/usr/bin/env bash
# What tracing costs intake, in one sitting: bench/run.sh with tracing off (the default), on without journaling the
# span context (BRIDGE_TRACING_LINK_VENDOR_CALLS=false: spans, but vendor calls not linked), and on as shipped
# (every webhook sampled; spans sent over OTLP/HTTP to a local sink), in turn, ROUNDS times (default 2).
# Usage: bench/tracing.sh [h2|postgres] [seconds] [connections]; JAR, JAVA and JAVA_OPTS as for run.sh.
set -euo pipefail
cd "$(dirname "$0")/.."
store=${1:-h2}; seconds=${2:-20}; connections=${3:-16}; rounds=${ROUNDS:-2}
python3 bench/otlp-sink.py 14318 &
sink=$!
trap 'kill $sink 2>/dev/null; wait $sink 2>/dev/null' EXIT
on=(env BRIDGE_TRACING=true BRIDGE_TRACING_OTLP_ENDPOINT=http://127.0.0.1:14318/v1/traces)
for round in $(seq "$rounds"); do
  echo "--- round $round: tracing off"
  env -u BRIDGE_TRACING bench/run.sh "$store" "$seconds" "$connections"
  echo "--- round $round: tracing on, vendor calls not linked"
  "${on[@]}" BRIDGE_TRACING_LINK_VENDOR_CALLS=false bench/run.sh "$store" "$seconds" "$connections"
  echo "--- round $round: tracing on, linked (the trace context journaled with each event)"
  "${on[@]}" bench/run.sh "$store" "$seconds" "$connections"
done
