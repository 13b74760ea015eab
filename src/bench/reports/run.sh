#!/usr/bin/env bash
# Export benchmark of the reports module (not a test): CSV and JSON of 10,000 domains with 15
# current results each, the same CSV "as of" from the history, and a PDF of 1,000 domains, in a JVM
# limited to 512 MiB of heap with GC logging. Goals: CSV <= 5 s, PDF <= 60 s, heap <= 512 MiB.
#
#   src/bench/reports/run.sh [domains] [pdf-domains]
#
# Prints one line per export (time, size, peak heap); the GC log goes to target/bench/reports-gc.log.
# CLASSES=dir runs the build whose classes, test-classes and bench-classpath.txt are in dir (as
# src/bench/compare.sh prepares them) instead of compiling this tree's.
set -euo pipefail
cd "$(dirname "$0")/../../.."
export JAVA_HOME="${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}"
if [ -z "${CLASSES:-}" ]; then
  ./mvnw -q -B test-compile -Dmailward.conformance.dir=/work/shared/conformance
  ./mvnw -q -B dependency:build-classpath -Dmdep.outputFile=target/bench-classpath.txt -Dmdep.includeScope=test
  CLASSES=target
fi
mkdir -p target/bench
"$JAVA_HOME/bin/java" -Xmx512m -Xlog:gc:file=target/bench/reports-gc.log \
  -cp "$CLASSES/test-classes:$CLASSES/classes:$(cat "$CLASSES/bench-classpath.txt")" \
  dev.mailward.reports.ReportBenchmark "${1:-10000}" "${2:-1000}"
echo "max heap after GC (from the GC log):"
grep -oE '[0-9]+M->[0-9]+M\([0-9]+M\)' target/bench/reports-gc.log | awk -F'[->()M]+' '{ if ($1 > m) m = $1 } END { print "  peak before GC " m " MiB (heap limit 512 MiB)" }'
