#!/usr/bin/env bash
# Report intake benchmark (see README.md): 1,000 domains, 1M DMARC record rows and 90,000 TLS reports over 90
# days in a persistent embedded database under target/bench-reportintake; times (a) a domain's report page and
# summary APIs, (b) the import of one 5 MB gzip DMARC report through POST /api/v1/report-ingest, (c) the
# retention purge of 30 days of reports older than the retention.
# Usage: src/bench/reportintake/run.sh [REQUESTS=200] [IMPORTS=3]      (re-runs reuse the seeded database)
# Environment: DOMAINS=n (default 1000), DAYS=n (default 90), MB=5 (size of the gzip report), BUILD=1 rebuilds
# target/mailward.jar, JAR=path runs another build on the same data, DATA=dir (default target/bench-reportintake),
# SUMMARY=0 skips (a), PURGE=0 skips (c), JFR=1 records target/bench-reportintake/console.jfr.
set -euo pipefail
cd "$(dirname "$0")/../../.."
: "${JAVA_HOME:=/usr/lib/jvm/temurin-25-jdk-amd64}"
export JAVA_HOME
DATA=${DATA:-target/bench-reportintake}
DOMAINS=${DOMAINS:-1000}
DAYS=${DAYS:-90}
PORT=18081
DBPORT=15433
PASSWORD=Bench-Admin-Passphrase-2025
JAR=${JAR:-target/mailward.jar}
if [ "${BUILD:-0}" = 1 ] || [ ! -f "$JAR" ]; then ./mvnw -q -B -DskipTests package; fi
mkdir -p "$DATA"
JFR_OPTS=()
[ "${JFR:-0}" = 1 ] && JFR_OPTS=("-XX:StartFlightRecording=filename=$DATA/console.jfr,settings=profile,dumponexit=true")
# retention-interval 10s: the purge runs while the bench waits for it in (c); before, it finds nothing to delete.
# api.rate-limit: the bench times the server, not the per-token limit (20/s), which otherwise answers 429.
# multipart max-file-size: the console's default (3MB) refuses a 5 MB report before the intake sees it.
MAILWARD_ADMIN_PASSWORD=$PASSWORD "$JAVA_HOME/bin/java" -Xmx1g "${JFR_OPTS[@]}" -jar "$JAR" \
  --mailward.data-dir="$DATA" --mailward.database.port=$DBPORT --server.port=$PORT \
  --mailward.scanning.scheduler-enabled=false --mailward.dashboard.server-timing=true \
  --mailward.reports.intake.retention-interval=10s --logging.level.dev.mailward.reportintake.ReportStore=debug \
  --mailward.api.rate-limit.requests-per-second=100000 --mailward.api.rate-limit.burst=100000 \
  --spring.servlet.multipart.max-file-size=11MB --spring.servlet.multipart.max-request-size=13MB \
  > "$DATA/console.log" 2>&1 &
APP=$!
trap 'kill $APP 2>/dev/null; wait $APP 2>/dev/null || true' EXIT
for i in $(seq 1 600); do curl -fs "http://127.0.0.1:$PORT/actuator/health" >/dev/null && break; sleep 1; done
curl -fs "http://127.0.0.1:$PORT/actuator/health" >/dev/null || { echo "console did not start, see $DATA/console.log"; exit 1; }
echo "console up after ${SECONDS}s (load average $(cut -d' ' -f1-3 /proc/loadavg))"
export PGPASSWORD=$(cat "$DATA/db-password")
PSQL="psql -h 127.0.0.1 -p $DBPORT -U postgres -d mailward -qtA"
if [ "$($PSQL -c "select count(*) from domain where a_label like 'rbench-%'")" = "0" ]; then
  echo "seeding $DOMAINS domains x $DAYS days of DMARC and TLS reports..."
  SECONDS=0
  $PSQL -1 -v domains="$DOMAINS" -v days="$DAYS" -v tag=recent -f src/bench/reportintake/seed.sql
  echo "seeded in ${SECONDS}s"
fi
echo "rows: $($PSQL -c 'select count(*) from reportintake_dmarc_report') DMARC reports," \
  "$($PSQL -c 'select count(*) from reportintake_dmarc_record') DMARC records," \
  "$($PSQL -c 'select count(*) from reportintake_tls_report') TLS reports," \
  "$($PSQL -c 'select count(*) from reportintake_tls_failure') TLS failure details"
IDS=$($PSQL -c "select id from domain where a_label like 'rbench-%' order by id limit $DOMAINS" | tr '\n' ' ')
if [ "${SUMMARY:-1}" = 1 ]; then
echo "== (a) report page and summary APIs, ${1:-200} requests each over random domains, one at a time (goal p95 <= 200 ms) =="
"$JAVA_HOME/bin/java" src/bench/reportintake/IntakeBench.java summary "http://127.0.0.1:$PORT" admin "$PASSWORD" "${1:-200}" $IDS
fi
echo "== (b) import of one ${MB:-5} MB gzip DMARC report through POST /api/v1/report-ingest, ${2:-3} times (goal <= 2 s) =="
NAME=$($PSQL -c "select a_label from domain where a_label like 'rbench-%' order by id limit 1")
"$JAVA_HOME/bin/java" -Xmx1g src/bench/reportintake/IntakeBench.java import "http://127.0.0.1:$PORT" admin "$PASSWORD" "${2:-3}" "$NAME" "${MB:-5}"
grep -E "sent [0-9]+ report file|records read and sent" "$DATA/console.log" | tail -n "$((2 * ${2:-3}))" | sed -E 's/^.*(INFO|DEBUG)/  console: /' || true
[ "${PURGE:-1}" = 0 ] && exit 0
echo "== (c) retention purge (default 400 days): 30 days of reports older than that, added now =="
SECONDS=0
$PSQL -1 -v domains="$DOMAINS" -v days=30 -v offset=420 -v tag="old$(date +%s)" -f src/bench/reportintake/seed.sql
echo "old reports seeded in ${SECONDS}s: $($PSQL -c "select count(*) from reportintake_dmarc_report where period_end < now() - interval '400 days'") DMARC reports," \
  "$($PSQL -c "select count(*) from reportintake_tls_report where period_end < now() - interval '400 days'") TLS reports to purge"
SECONDS=0
until grep -q "Report retention" "$DATA/console.log" 2>/dev/null && \
  [ "$($PSQL -c "select count(*) from reportintake_dmarc_report where period_end < now() - interval '400 days'")" = 0 ]; do
  sleep 2; [ $SECONDS -gt 600 ] && { echo "purge did not finish in 10 min"; exit 1; }
done
grep "Report retention" "$DATA/console.log" | tail -n 3 | sed 's/^.*INFO/  console: /'
echo "rows left: $($PSQL -c 'select count(*) from reportintake_dmarc_record') DMARC records, $($PSQL -c 'select count(*) from reportintake_tls_report') TLS reports"
