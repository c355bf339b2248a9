#!/usr/bin/env bash
# Hostile intake: starts the packaged bridge with a 224 MB heap and runs bench/slow-bodies.py against it: 300
# connections that declare 1 MB bodies and trickle a byte a second, and a correctly signed webhook every second.
# The target: each webhook answered 2xx within 1 s, the heap under half of -Xmx. JAVA, JAVA_OPTS, BRIDGE=aot and JAR
# as for the other benchmarks (bench/lib.sh). Usage: bench/slow-bodies.sh [connections] [seconds]. Needs python3
# and jcmd (the JDK's).
set -euo pipefail
cd "$(dirname "$0")/.."
. bench/lib.sh
connections=${1:-300}; seconds=${2:-30}
secret=bench-secret
work=$(mktemp -d)
bridge=""
trap 'set +e; kill $bridge 2>/dev/null; wait 2>/dev/null; rm -rf "$work"' EXIT
trap 'exit 143' INT TERM # so that the clean-up above runs when the script is stopped too

prepare_bridge "$work"
run_bridge "$work" --server.port=18080 --management.server.port=18081 --bridge.webhook.secret=$secret \
    --bridge.data-dir="$work/data" --logging.level.root=WARN > "$work/bridge.log" 2>&1 &
bridge=$!
wait_health
echo "bridge: $("$JAVA" -version 2>&1 | head -1), $JAVA_OPTS"
python3 bench/slow-bodies.py $bridge $secret "$connections" "$seconds"
