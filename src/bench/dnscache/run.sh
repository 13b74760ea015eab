#!/usr/bin/env bash
# The DNS answer cache, Caffeine against the hand-written cache it replaced, in one JVM (see README.md).
# Usage: src/bench/dnscache/run.sh [domains=10000] [inflight=256] [max-entries=100000] [rounds=10] [threads=2]
set -euo pipefail
cd "$(dirname "$0")/../../.."
: "${JAVA_HOME:=/usr/lib/jvm/temurin-25-jdk-amd64}"
export JAVA_HOME
./mvnw -q -B compile
./mvnw -q -B dependency:build-classpath -Dmdep.outputFile=target/bench-classpath-main.txt -Dmdep.includeScope=runtime
"$JAVA_HOME/bin/java" -Xmx1g -cp "target/classes:$(cat target/bench-classpath-main.txt)" \
  src/bench/dnscache/AnswerCacheBench.java "${1:-10000}" "${2:-256}" "${3:-100000}" "${4:-10}" "${5:-2}"
