#!/usr/bin/env bash
# Re-judge benchmark (see README.md): seeds N domains (default 10,000), each with a stored observation, into
# a persistent embedded database under target/bench-rejudge-N, then times `java -jar mailward.jar rejudge`.
# Usage: src/bench/rejudge/run.sh [N=10000]     (a re-run reuses the seeded database; every run re-judges)
# Environment: BUILD=1 rebuilds target/mailward.jar first; JAR=path runs another build.
set -euo pipefail
cd "$(dirname "$0")/../../.."
: "${JAVA_HOME:=/usr/lib/jvm/temurin-25-jdk-amd64}"
export JAVA_HOME
N=${1:-10000}
DATA=target/bench-rejudge-$N
PORT=18082
DBPORT=15433
JAR=${JAR:-target/mailward.jar}
if [ "${BUILD:-0}" = 1 ] || [ ! -f "$JAR" ]; then ./mvnw -q -B -DskipTests package; fi
mkdir -p "$DATA"
DB=(--mailward.data-dir="$DATA" --mailward.database.port=$DBPORT)
if [ ! -f "$DATA/seeded" ]; then
  # the console creates and migrates the database; seed it through psql while it runs, then stop it
  MAILWARD_ADMIN_PASSWORD=Bench-Admin-Passphrase-2025 "$JAVA_HOME/bin/java" -Xmx512m -jar "$JAR" "${DB[@]}" \
    --server.port=$PORT --mailward.scanning.scheduler-enabled=false --mailward.dashboard.refresh-enabled=false \
    > "$DATA/console.log" 2>&1 &
  APP=$!
  trap 'kill $APP 2>/dev/null; wait $APP 2>/dev/null || true' EXIT
  for i in $(seq 1 600); do curl -fs "http://127.0.0.1:$PORT/actuator/health" >/dev/null && break; sleep 1; done
  curl -fs "http://127.0.0.1:$PORT/actuator/health" >/dev/null || { echo "console did not start, see $DATA/console.log"; exit 1; }
  export PGPASSWORD=$(cat "$DATA/db-password")
  echo "seeding $N domains with a stored observation of $(wc -c < src/bench/rejudge/observation.json) bytes..."
  time psql -h 127.0.0.1 -p $DBPORT -U postgres -d mailward -qtA -v n="$N" \
    -v obs="$(cat src/bench/rejudge/observation.json)" -f src/bench/rejudge/seed.sql
  kill $APP; wait $APP 2>/dev/null || true
  trap - EXIT
  touch "$DATA/seeded"
fi
echo "re-judging (load average before: $(cut -d' ' -f1-3 /proc/loadavg))"
START=$(date +%s.%N)
set +e
/usr/bin/time -f "wall %e s, max RSS %M KiB" "$JAVA_HOME/bin/java" -Xmx512m -jar "$JAR" rejudge "${DB[@]}"
EXIT=$?
set -e
END=$(date +%s.%N)
echo "exit status $EXIT; command total $(echo "$END - $START" | bc) s including the console's start and stop"
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
