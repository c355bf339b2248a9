#!/usr/bin/env bash
# Soak: steady webhooks for MINUTES with Customer.io delivering (the vendor stand-in), the journal's retention and
# dedupe window set to 2 minutes and its purge every 20 s, so that a few minutes stand for weeks at the default 7
# days. Every 30 s: the data folder's size (H2) or the database's (PostgreSQL), the events the journal holds, and
# the bytes per live event. Usage: bench/soak.sh [h2|postgres] [minutes] [webhooks/s]
# Needs wrk and python3. JAVA, JAVA_OPTS, BRIDGE=aot and JAR choose how the bridge runs (bench/lib.sh).
# KEEP_LOG=FILE keeps the bridge's log; SETTINGS="--name=value ..." adds settings of the bridge.
set -euo pipefail
cd "$(dirname "$0")/.."
. bench/lib.sh
store=${1:-h2}; minutes=${2:-8}; rate=${3:-750}
secret=bench-secret
connections=10
work=$(mktemp -d)
bridge=""; vendors=""; load=""
cleanup() {
  set +e
  kill $load $bridge $vendors 2>/dev/null; wait $bridge 2>/dev/null
  [ -n "${KEEP_LOG:-}" ] && cp "$work/bridge.log" "$KEEP_LOG"
  [ -n "${db:-}" ] && psql -q -h 127.0.0.1 -U postgres -c "DROP DATABASE IF EXISTS $db" postgres
  rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 143' INT TERM

prepare_bridge "$work"
python3 bench/make-webhooks.py $((minutes * 60 * rate * 11 / 10)) "$secret" soak > "$work/webhooks.tsv"
python3 bench/vendor-standin.py 18090 > "$work/vendors.log" 2>&1 & vendors=$!

settings=(--server.port=18080 --management.server.port=18081 --bridge.webhook.secret=$secret
          --bridge.data-dir="$work/data" --logging.level.root=WARN
          --bridge.destinations.customerio.credentials.site-id=site
          --bridge.destinations.customerio.credentials.api-key=key
          --bridge.destinations.customerio.base-url=http://127.0.0.1:18090
          --bridge.journal.retention=2m --bridge.journal.dedupe-window=2m --bridge.journal.purge-interval-ms=20000
          --bridge.webhook.max-record-age=0 ${SETTINGS:-})
if [ "$store" = postgres ]; then
  db="soak_$$"
  psql -q -h 127.0.0.1 -U postgres -c "CREATE DATABASE $db" postgres
  settings+=(--spring.datasource.url=jdbc:postgresql://127.0.0.1:5432/$db --spring.datasource.username=postgres)
fi
run_bridge "$work" "${settings[@]}" > "$work/bridge.log" 2>&1 &
bridge=$!
wait_health

size() {
  if [ "$store" = postgres ]; then
    psql -tA -h 127.0.0.1 -U postgres -c "SELECT pg_database_size('$db')" postgres
  else
    du -sb "$work/data" | cut -f1
  fi
}
metric() { # metric NAME [LABEL="value"]: the bridge's sample, or - when this release has none
  curl -s "localhost:18081/actuator/prometheus" | awk -v m="$1" -v l="${2:-}" '$1 ~ "^"m"({|$)" && index($1, l) \
    && !found { print $2; found = 1 } END { if (!found) print "-" }'
}

# pause per request so that $connections connections make about $rate webhooks/s (wrk adds about 4 ms to each)
pause=$(python3 -c "print(max(0, round($connections * 1000 / $rate - 4.3)))")
PAUSE_MS=$pause WEBHOOKS="$work/webhooks.tsv" wrk -t1 -c$connections -d$((minutes * 60))s -s bench/paced.lua \
    http://127.0.0.1:18080 > "$work/wrk.log" 2>&1 & load=$!
echo "store=$store minutes=$minutes target=${rate}/s retention=2m dedupe-window=2m purge every 20 s"
printf '%6s %10s %10s %10s %12s %10s %10s %10s\n' time accepted data_MB live_events bytes/event free_ratio backlog \
    purged
started=$(date +%s)
peak=0; half=0
while kill -0 $load 2>/dev/null; do
  sleep 30
  elapsed=$(( $(date +%s) - started ))
  bytes=$(size); live=$(metric bridge_journal_events)
  [ "$bytes" -gt "$peak" ] && peak=$bytes
  [ "$elapsed" -le $((minutes * 30 + 15)) ] && half=$bytes
  per=$([ "$live" != - ] && python3 -c "print(round($bytes / max(1, float('$live'))))" || echo -)
  printf '%5ss %10s %10s %10s %12s %10s %10s %10s\n' "$elapsed" "$(python3 bench/burst-progress.py accepted)" \
    "$(python3 -c "print(round($bytes / 1e6, 1))")" "$live" "$per" "$(metric bridge_database_free_ratio)" \
    "$(metric bridge_delivery_backlog)" "$(metric bridge_journal_purged_total 'what="events"')"
done
grep -E "accepted/s|not accepted" "$work/wrk.log"
echo "peak ${peak} bytes ($(python3 -c "print(round($peak / 1e6))") MB); at half time $(python3 -c "print(round($half / 1e6))") MB, at the end $(python3 -c "print(round($(size) / 1e6))") MB"
