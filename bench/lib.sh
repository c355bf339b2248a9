# Shared by the benchmark scripts (sourced). The bridge runs as a 512 MB container runs it unless told otherwise:
#   JAVA       the java to run (default: java on the PATH)
#   JAVA_OPTS  the bridge's JVM options (default: the Dockerfile's for a 512 MB container, with the heap written out)
#   BRIDGE=aot run it as the image does: laid out and with its AOT cache trained by docker/aot-cache.sh (JDK 25+)
#   JAR        the packaged bridge (default: target/sahha-cx-bridge.jar, built when missing)
JAVA=${JAVA:-java}
JAVA_OPTS=${JAVA_OPTS:--Xmx224m -XX:MaxGCPauseMillis=10 -XX:+UnlockExperimentalVMOptions -XX:TrimNativeHeapInterval=1000}
JAR=${JAR:-target/sahha-cx-bridge.jar}

# prepare_bridge WORK: builds the jar when missing and, for BRIDGE=aot, the image's layout and cache in WORK/app
prepare_bridge() {
  [ -f "$JAR" ] || ./mvnw -B -q package -DskipTests
  JAR=$(realpath "$JAR")
  if [ "${BRIDGE:-jar}" = aot ]; then
    JAVA=$JAVA BRIDGE_JVM_OPTIONS="$JAVA_OPTS" docker/aot-cache.sh "$JAR" "$1/app" > "$1/aot-training.log" 2>&1
    grep "AOT cache:" "$1/aot-training.log"
  fi
}

# run_bridge WORK SETTINGS...: the bridge in the foreground, as its own process (start it with &: $! is the JVM)
run_bridge() {
  local work=$1; shift
  if [ "${BRIDGE:-jar}" = aot ]; then
    cd "$work/app" # the class path the cache was trained on
    # shellcheck disable=SC2086 # the options are a list of words
    exec "$JAVA" $JAVA_OPTS -XX:AOTCache=app.aot -jar app.jar "$@"
  fi
  cd "$work" # the packaged routes and settings, as with the layout above (not ./routes and ./config)
  # shellcheck disable=SC2086
  exec "$JAVA" $JAVA_OPTS -jar "$JAR" "$@"
}

# wait_health: until the main port answers
wait_health() {
  until curl -sf localhost:18080/health >/dev/null; do sleep 0.1; done
}
