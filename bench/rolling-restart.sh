#!/usr/bin/env bash
# Rolling restart under load on PostgreSQL (see rolling-restart.py): two replicas, each stopped with SIGTERM and
# started again while webhooks keep coming. Usage: bench/rolling-restart.sh [seconds] [webhooks/s]
# Needs python3 and the local PostgreSQL (127.0.0.1:5432, user postgres). JAVA, JAVA_OPTS and JAR as in bench/lib.sh.
set -euo pipefail
cd "$(dirname "$0")/.."
. bench/lib.sh
seconds=${1:-120}; rate=${2:-300}
work=$(mktemp -d)
db="rolling_$$"
cleanup() {
  set +e
  [ -n "${KEEP_LOG:-}" ] && cat "$work"/replica-*.log > "$KEEP_LOG"
  psql -q -h 127.0.0.1 -U postgres -c "DROP DATABASE IF EXISTS $db" postgres
  rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 143' INT TERM
prepare_bridge "$work"
psql -q -h 127.0.0.1 -U postgres -c "CREATE DATABASE $db" postgres
script=$(realpath bench/rolling-restart.py)
cd "$work"
JAVA=$JAVA JAVA_OPTS=$JAVA_OPTS JAR=$JAR python3 "$script" "jdbc:postgresql://127.0.0.1:5432/$db" "$seconds" "$rate"
