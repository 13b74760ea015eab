#!/usr/bin/env bash
# Probe benchmark (see README.md): N TLS-capable SMTP servers on 127.1.x.y:PORT, one prober cycle
# over all of them with politeness on, full STARTTLS + TLS version analysis; -Xmx256m, GC log.
# Usage: src/bench/probe/run.sh [N=200] [PORT=2525]
set -euo pipefail
cd "$(dirname "$0")/../../.."
: "${JAVA_HOME:=/usr/lib/jvm/temurin-25-jdk-amd64}"
export JAVA_HOME
./mvnw -q -B -o test-compile
./mvnw -q -B -o dependency:build-classpath -Dmdep.outputFile=target/bench-classpath.txt -Dmdep.includeScope=test
"$JAVA_HOME/bin/java" -Xmx256m -Xlog:gc:file=target/bench-probe-gc.log \
  -cp "target/classes:target/test-classes:$(cat target/bench-classpath.txt)" \
  src/bench/probe/ProbeBench.java "${1:-200}" "${2:-2525}"
echo "GC log: target/bench-probe-gc.log (max heap after GC: $(grep -o '[0-9]*M->[0-9]*M([0-9]*M)' target/bench-probe-gc.log | sed 's/.*->\([0-9]*\)M.*/\1/' | sort -n | tail -1) MiB)"
