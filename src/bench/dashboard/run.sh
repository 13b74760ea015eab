#!/usr/bin/env bash
# Dashboard benchmark (see README.md). Seeds 10,000 domains with 30 days of daily results (4.5M history
# rows) into a persistent embedded database under target/bench-dashboard, waits until the read model is
# built, then times the portfolio and a domain page under 20 concurrent users.
# Usage: src/bench/dashboard/run.sh [USERS=20] [ROUNDS=25]     (re-runs reuse the seeded database)
# Environment: JFR=1 records a flight recording of the console (target/bench-dashboard/console.jfr);
# SATURATION=0 skips the back-to-back round; THINK_ROUND=0 skips the think-time round (with USERS=1 the
# back-to-back round is one user's requests one after another: each page's own time, without queueing);
# BUILD=1 rebuilds target/mailward.jar first; JAR=path runs another build (e.g. a copy of the jar before a
# change, for a before/after comparison on the same data);
# DATA=dir keeps the console's data (embedded database) there instead of target/bench-dashboard; DOMAINS=n seeds
# n domains instead of 10,000 (a new DATA directory is seeded); SEED=file seeds from another seed.sql (the one
# of the build being run, when the schema differs). src/bench/compare.sh uses these for before/after runs.
# LOCKSTEP=1 times the way the first figures were taken (fixed 1 s think time, all users start at once,
# 5 warm-up requests) instead of random 0.5-1.5 s think times, staggered starts and 200 warm-up requests.
set -euo pipefail
cd "$(dirname "$0")/../../.."
: "${JAVA_HOME:=/usr/lib/jvm/temurin-25-jdk-amd64}"
export JAVA_HOME
DATA=${DATA:-target/bench-dashboard}
DOMAINS=${DOMAINS:-10000}
SEED=${SEED:-src/bench/dashboard/seed.sql}
PORT=18080
DBPORT=15432
PASSWORD=Bench-Admin-Passphrase-2025
JAR=${JAR:-target/mailward.jar}
if [ "${BUILD:-0}" = 1 ] || [ ! -f "$JAR" ]; then ./mvnw -q -B -DskipTests package; fi
mkdir -p "$DATA"
JFR_OPTS=()
[ "${JFR:-0}" = 1 ] && JFR_OPTS=("-XX:StartFlightRecording=filename=$DATA/console.jfr,settings=profile,dumponexit=true")
MAILWARD_ADMIN_PASSWORD=$PASSWORD "$JAVA_HOME/bin/java" -Xmx1g "${JFR_OPTS[@]}" -jar "$JAR" \
  --mailward.data-dir="$DATA" --mailward.database.port=$DBPORT --server.port=$PORT \
  --mailward.scanning.scheduler-enabled=false --mailward.dashboard.refresh-interval=5s \
  --mailward.dashboard.server-timing=true \
  > "$DATA/console.log" 2>&1 &
APP=$!
trap 'kill $APP 2>/dev/null; wait $APP 2>/dev/null || true' EXIT
# a loaded machine can take minutes to start the console; fail rather than time a console that is not up
for i in $(seq 1 600); do curl -fs "http://127.0.0.1:$PORT/actuator/health" >/dev/null && break; sleep 1; done
curl -fs "http://127.0.0.1:$PORT/actuator/health" >/dev/null || { echo "console did not start, see $DATA/console.log"; exit 1; }
echo "console up after ${SECONDS}s (load average $(cut -d' ' -f1-3 /proc/loadavg))"
export PGPASSWORD=$(cat "$DATA/db-password")
PSQL="psql -h 127.0.0.1 -p $DBPORT -U postgres -d mailward -qtA"
if [ "$($PSQL -c "select count(*) from domain where a_label like 'bench-%'")" = "0" ]; then
  echo "seeding $DOMAINS domains x 30 days x 15 results from $SEED..."
  time $PSQL -v domains="$DOMAINS" -f "$SEED"
fi
DOMAINS=$($PSQL -c "select count(*) from domain where a_label like 'bench-%'")
# Sessions stored in PostgreSQL (builds whose consoles share sessions) outlive a restart: a run would find every
# earlier run's sign-in still there, and /account lists and reads them all. Each run starts with none, like a
# build that keeps its sessions in memory.
$PSQL -c "delete from spring_session" >/dev/null 2>&1 || true
echo "waiting for the read model (domain_score, 30 days of domain_score_daily)..."
SECONDS=0
until [ "$($PSQL -c "select count(*) from domain_score s join domain d on d.id = s.domain_id where d.a_label like 'bench-%'")" -ge "$DOMAINS" ]; do
  sleep 5; echo "  $($PSQL -c 'select count(*) from domain_score') scored after ${SECONDS}s"
done
echo "read model built (${SECONDS}s in this run); rows: $($PSQL -c 'select count(*) from check_result') history, $($PSQL -c 'select count(*) from domain_score_daily') daily scores"
DOMAIN=$($PSQL -c "select id from domain where a_label = 'bench-$(printf %05d $(((DOMAINS + 1) / 2))).example'")
# /account is a page without data: the per-request cost every page shares (security, session, layout)
PATHS=(/dashboard "/dashboard?sort=SCORE&status=FAIL&mitigation=tls&page=3" "/dashboard?tag=prod"
  "/domains/$DOMAIN/dashboard" /certificates /mitigations/tls /account)
# the console's and the database's CPU per request (LoadBench -Dserver.pid/-Ddb.pid): steadier than times on a shared machine
DBPID=$(head -1 "$DATA/postgres/postmaster.pid" 2>/dev/null || true)
CPU=(-Dserver.pid=$APP)
[ -n "$DBPID" ] && CPU+=(-Ddb.pid=$DBPID)
THINK=(-Dthink=1000)
[ "${LOCKSTEP:-0}" = 1 ] && THINK+=(-Dthink.mode=fixed -Dstagger=false -Dwarmup=5)
if [ "${THINK_ROUND:-1}" != 0 ]; then
  echo "== ${1:-20} users, each waiting about 1 s between pages (think time) =="
  "$JAVA_HOME/bin/java" "${THINK[@]}" "${CPU[@]}" src/bench/dashboard/LoadBench.java "http://127.0.0.1:$PORT" admin "$PASSWORD" "${1:-20}" "${2:-25}" "${PATHS[@]}"
fi
[ "${SATURATION:-1}" = 0 ] && exit 0
echo "== ${1:-20} users back to back (saturation) =="
"$JAVA_HOME/bin/java" "${CPU[@]}" src/bench/dashboard/LoadBench.java "http://127.0.0.1:$PORT" admin "$PASSWORD" "${1:-20}" "${2:-25}" "${PATHS[@]}"
