#!/usr/bin/env bash
# Login load benchmark (see README.md): starts the console jar on a free port with a throw-away embedded
# database, creates USERS operators, then USERS clients at once each sign in with the form and browse a
# few pages, ITERATIONS times. Prints answers per status class and latency percentiles; exits non-zero on
# any 5xx (or a sign-in that did not get in).
# Usage: src/bench/login/run.sh [USERS=50] [ITERATIONS=5]
# Environment: BUILD=1 rebuilds target/mailward.jar first; JAR=path runs another build; SECONDS_MAX=300
# bounds the run (each client stops starting new visits after it); SHARED=1 signs every client in as the same
# user (concurrent logins to one account); JAVA_OPTS for the console (default -Xmx1g).
set -euo pipefail
cd "$(dirname "$0")/../../.."
: "${JAVA_HOME:=/usr/lib/jvm/temurin-25-jdk-amd64}"
export JAVA_HOME
JAR=${JAR:-target/mailward.jar}
PASSWORD=Bench-Admin-Passphrase-2025
if [ "${BUILD:-0}" = 1 ] || [ ! -f "$JAR" ]; then ./mvnw -q -B -DskipTests package; fi
DATA=$(mktemp -d "${TMPDIR:-/tmp}/mailward-bench-login.XXXXXX")
PORT=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
MAILWARD_ADMIN_PASSWORD=$PASSWORD "$JAVA_HOME/bin/java" ${JAVA_OPTS:--Xmx1g} -jar "$JAR" \
  --mailward.data-dir="$DATA" --mailward.database.ephemeral=true --server.port="$PORT" \
  --mailward.scanning.scheduler-enabled=false > "$DATA/console.log" 2>&1 &
APP=$!
trap 'kill $APP 2>/dev/null; wait $APP 2>/dev/null || true; rm -rf "$DATA"' EXIT
# a loaded machine can take minutes to start the console; fail rather than measure a console that is not up
for i in $(seq 1 600); do curl -fs "http://127.0.0.1:$PORT/actuator/health" >/dev/null && break; sleep 1; done
curl -fs "http://127.0.0.1:$PORT/actuator/health" >/dev/null || { echo "console did not start:"; tail -50 "$DATA/console.log"; exit 1; }
echo "console up on port $PORT after ${SECONDS}s (load average $(cut -d' ' -f1-3 /proc/loadavg))"
set +e
"$JAVA_HOME/bin/java" -Dseconds="${SECONDS_MAX:-300}" -Dshared="$([ "${SHARED:-0}" = 1 ] && echo true || echo false)" src/bench/login/LoginBench.java "http://127.0.0.1:$PORT" \
  admin "$PASSWORD" "${1:-50}" "${2:-5}"
RC=$?
set -e
ERRORS=$(grep -c " ERROR " "$DATA/console.log" || true)
echo "console log: $ERRORS ERROR lines"
[ "$ERRORS" -gt 0 ] && grep -m 5 -A 3 " ERROR " "$DATA/console.log"
exit $RC
