#!/usr/bin/env bash
# Lays the packaged jar out as the image runs it and trains its AOT cache (JDK 25: JEP 483, 514 and 515). The
# Dockerfile runs this at image build; bench/cold.sh runs the same, so that what is measured is what the image does.
# usage: docker/aot-cache.sh JAR DIR [webhooks]    with java 25+ on the PATH (or JAVA=/path/to/java)
# DIR gets app.jar and lib/ (Spring Boot's extracted layout: an AOT cache only holds classes loaded from plain jars
# on the class path, not from jars nested in the fat jar) and app.aot, the cache. The training run
# (java -jar app.jar aot-training, see AotTrainingCommand) serves signed webhooks of every type and delivers them
# to a Customer.io stand-in in the same process, so the cache holds the classes and method profiles of the webhook
# path and of delivery, not only of start-up. BRIDGE_JVM_OPTIONS are the JVM options the bridge runs with: the
# cache is only taken by a JVM started with compatible ones (the same collector, compact object headers or not).
set -euo pipefail
jar=$(realpath "$1"); dir=$2; webhooks=${3:-30000}
java=${JAVA:-java}
mkdir -p "$dir"
"$java" -Djarmode=tools -jar "$jar" extract --destination "$dir" --application-filename app.jar --force
cd "$dir"
# shellcheck disable=SC2086 # the options are a list of words
"$java" ${BRIDGE_JVM_OPTIONS:-} -XX:AOTCacheOutput=app.aot -jar app.jar aot-training "$webhooks"
test -s app.aot
echo "AOT cache: $(du -h app.aot | cut -f1) in $dir/app.aot"
