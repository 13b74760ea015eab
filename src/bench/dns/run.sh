#!/usr/bin/env bash
# Mailward DNS benchmark: the bulk CLI over a synthetic population behind a caching resolver.
#
#   N=10000 bash src/bench/dns/run.sh          (from the repository root; N defaults to 10000)
#
# What it does, all on loopback, everything inside target/bench-dns/run-<N>-<pid>/:
#   1. checks for nsd, unbound, unbound-control, unbound-checkconf, dnsperf, keytool (prints the
#      apt-get line when one is missing; installs nothing), ldns-keygen/ldns-signzone (optional,
#      Debian ldnsutils: without them the "signed" zones are served unsigned, and it says so) and
#      nginx + openssl (optional, Debian nginx-light: without them PolicyServer.java serves MTA-STS);
#      builds target/mailward.jar when absent (./mvnw -q -B -DskipTests package).
#   2. generates N domains with src/bench/dns/GeneratePopulation.java (JDK only; see its header for
#      the population: shared-hosting MX, ESP SPF include trees, some over the 10-lookup limit,
#      DMARC of every policy, DKIM RSA 2048/1024 and Ed25519 keys, MTA-STS/TLS-RPT on a tenth,
#      PTRs, about 0.5 % DNSSEC-signed zones of which one is bogus, 0.5 % nonexistent domains).
#   3. signs the signed zones with ldns-signzone (ECDSA P-256, NSEC; the bogus one with signatures
#      that expired in 2020); their DS records are the trust anchors of unbound and the CLI.
#   4. starts nsd (authoritative, 127.0.0.1:$NSD_PORT) and unbound (validating, caching,
#      127.0.0.1:$UNBOUND_PORT; stub zones to nsd; control on 127.0.0.1:$CONTROL_PORT without
#      certificates) and the MTA-STS policy server (nginx, or src/bench/dns/PolicyServer.java) on
#      $STS_ADDRESS:443 with certificates (25 hosts each, chosen by SNI) from a benchmark CA made
#      with keytool (the CA is passed to the CLI
#      with --ca; --allow-targets $STS_ADDRESS/32 lets the target policy connect to it), so the
#      MTA-STS check really fetches its policies over HTTPS.
#   5. derivation run: the CLI over all N domains against a cold unbound with log-queries on; the
#      logged client questions are exactly the question mix the CLI asks (each distinct question
#      once, since the CLI caches and coalesces) and become the dnsperf query file.
#   6. ceiling: unbound restarted cold, dnsperf sends that file once (-n 1, DO bit set like the
#      CLI), once per value of DNSPERF_Q (outstanding queries), cold each time; the best queries/s
#      divided by the queries per domain is the resolver's ceiling in domains/s.
#   7. measured run: unbound restarted cold, the CLI over all N domains (-Xmx512m, GC log),
#      timed wall-clock including JVM start; unbound's total.num.queries gives DNS queries per
#      domain; the GC log gives the peak heap used; the output is checked so that every domain
#      appears exactly once (lost / duplicated counts).
#   8. prints a summary with pass/fail against the goals: >= 1,000 domains/s, >= 0.7 of the
#      dnsperf ceiling, peak heap <= 512 MiB, no lost or duplicated domain. Exit 0 when all pass.
#
# Everything started is stopped on exit (trap). Knobs (environment):
#   N=10000 CONCURRENCY=256 DNSSEC_MODE=trust-ad RUNS=2 DNSPERF_Q="100 500" UNBOUND_THREADS=1
#   POLICY_SERVER=auto (nginx when nginx and openssl are installed, else java; or say which)
#   BULK_OPTS (JVM options of measured run 2 unless JAVA_OPTS_2 is set: the README's options for
#   bulk CLI runs, default "-XX:TieredStopAtLevel=1 -XX:+UseParallelGC -XX:CICompilerCount=1";
#   run 1 uses the plain `java -jar` command line)
#   NSD_PORT, UNBOUND_PORT, CONTROL_PORT (default: derived from the pid), STS_ADDRESS=127.88.0.1
#   JAVA_OPTS (extra JVM options of the CLI runs, e.g. -XX:StartFlightRecording=...; JAVA_OPTS_2=...
#   overrides them for measured run 2, to compare JVM flags against the same ceiling; JAR_2=path
#   runs another build of the CLI in measured run 2, for before/after comparisons),
#   KEEP_WORK=1 keeps the work directory, JAVA_HOME (default /usr/lib/jvm/temurin-25-jdk-amd64).
#
# --dnssec-mode trust-ad: unbound validates (the signed zones' DS records are its trust anchors)
# and the CLI trusts its AD bit over loopback, which is the production set-up with a local
# validating resolver. DNSSEC_MODE=validate runs the CLI's own validator with the same anchors
# instead (more queries: the CLI asks DNSKEY/DS itself).
#
# unbound runs with qname-minimisation off: the population is one flat zone "bench." (plus the
# signed zones), so minimisation would add queries that a real tree of delegations would not.
set -euo pipefail

N=${N:-10000}
CONCURRENCY=${CONCURRENCY:-256}
DNSSEC_MODE=${DNSSEC_MODE:-trust-ad}
RUNS=${RUNS:-2}
BULK_OPTS=${BULK_OPTS:-"-XX:TieredStopAtLevel=1 -XX:+UseParallelGC -XX:CICompilerCount=1"}
DNSPERF_Q=${DNSPERF_Q:-"100 500"}
UNBOUND_THREADS=${UNBOUND_THREADS:-1}
POLICY_SERVER=${POLICY_SERVER:-auto} # nginx | java | auto (nginx when installed)
JAVA_OPTS=${JAVA_OPTS:-} # extra JVM options for the CLI runs (e.g. a JFR recording); JAVA_OPTS_<run> per measured run
CLI_OPTS=$JAVA_OPTS
BASE_PORT=$((20000 + ($$ % 2000) * 10))
NSD_PORT=${NSD_PORT:-$BASE_PORT}
UNBOUND_PORT=${UNBOUND_PORT:-$((BASE_PORT + 1))}
CONTROL_PORT=${CONTROL_PORT:-$((BASE_PORT + 2))}
STS_ADDRESS=${STS_ADDRESS:-127.88.0.1}
export JAVA_HOME=${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}
JAVA="$JAVA_HOME/bin/java"
KEYTOOL="$JAVA_HOME/bin/keytool"

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../../.." && pwd)
BENCH="$ROOT/src/bench/dns"
JAR=${JAR:-$ROOT/target/mailward.jar} # the build of the derivation run and, without JAR_<run>, of the measured runs
CLI_JAR=$JAR
WORK="$ROOT/target/bench-dns/run-$N-$$"

say() { printf '[bench %s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }
die() { say "ERROR: $*"; exit 2; }

# ---- 1. prerequisites ------------------------------------------------------------------------
missing=()
for tool in nsd nsd-checkconf unbound unbound-control unbound-checkconf dnsperf; do
    command -v "$tool" >/dev/null 2>&1 || PATH="$PATH:/usr/sbin:/sbin" command -v "$tool" >/dev/null 2>&1 \
        || missing+=("$tool")
done
export PATH="$PATH:/usr/sbin:/sbin"
if ((${#missing[@]})); then
    say "missing: ${missing[*]}"
    say "install with: apt-get install -y nsd unbound dnsperf ldnsutils nginx-light"
    exit 2
fi
[[ -x "$JAVA" && -x "$KEYTOOL" ]] || die "no JDK at $JAVA_HOME (set JAVA_HOME to a JDK 25)"
if [[ "$POLICY_SERVER" == auto ]]; then
    if command -v nginx >/dev/null 2>&1 && command -v openssl >/dev/null 2>&1; then POLICY_SERVER=nginx; else POLICY_SERVER=java; fi
fi
[[ "$POLICY_SERVER" == java ]] && say "nginx not found (apt-get install -y nginx-light): the MTA-STS policies are served by PolicyServer.java"
SIGN=1
if ! command -v ldns-signzone >/dev/null || ! command -v ldns-keygen >/dev/null; then
    SIGN=0
    say "ldns-signzone/ldns-keygen not found (apt-get install -y ldnsutils): the 'signed' zones are served UNSIGNED"
fi
if [[ ! -f "$JAR" ]]; then
    say "building $JAR"
    (cd "$ROOT" && ./mvnw -q -B -DskipTests package)
fi

mkdir -p "$WORK"
WORK=$(cd "$WORK" && pwd)
PIDS=()
cleanup() {
    local rc=$?
    [[ -f "$WORK/unbound.pid" ]] && kill "$(cat "$WORK/unbound.pid")" 2>/dev/null || true
    [[ -f "$WORK/nsd.pid" ]] && kill "$(cat "$WORK/nsd.pid")" 2>/dev/null || true
    [[ -f "$WORK/nginx.pid" ]] && kill "$(cat "$WORK/nginx.pid")" 2>/dev/null || true
    for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; done
    if [[ "${KEEP_WORK:-0}" != 1 && $rc -eq 0 ]]; then
        rm -rf "$WORK/zones" "$WORK"/*.jsonl "$WORK"/queries.log
    fi
    exit $rc
}
trap cleanup EXIT
trap 'exit 130' INT TERM

say "work dir $WORK; nsd :$NSD_PORT, unbound :$UNBOUND_PORT, control :$CONTROL_PORT, mta-sts $STS_ADDRESS:443"

# ---- 2. population -------------------------------------------------------------------------------
say "generating $N domains"
"$JAVA" "$BENCH/GeneratePopulation.java" "$WORK" "$N" >"$WORK/generate.log"

# ---- 3. signing ----------------------------------------------------------------------------------
: >"$WORK/anchors.txt"
SIGNED_COUNT=0
BOGUS_COUNT=0
while read -r zone file kind; do
    [[ "$kind" == plain ]] && continue
    if ((SIGN == 0)); then
        continue
    fi
    (
        cd "$WORK/zones"
        ksk=$(ldns-keygen -a ECDSAP256SHA256 -k "$zone")
        zsk=$(ldns-keygen -a ECDSAP256SHA256 "$zone")
        if [[ "$kind" == bogus ]]; then
            # signatures that expired long ago: a validating resolver answers SERVFAIL (BOGUS)
            ldns-signzone -i 20200101000000 -e 20200201000000 -f "$file.signed" "$file" "$zsk" "$ksk"
        else
            ldns-signzone -f "$file.signed" "$file" "$zsk" "$ksk"
        fi
        cat "$ksk.ds" >>"$WORK/anchors.txt"
    )
    if [[ "$kind" == bogus ]]; then BOGUS_COUNT=$((BOGUS_COUNT + 1)); else SIGNED_COUNT=$((SIGNED_COUNT + 1)); fi
done <"$WORK/zones.txt"
say "signed zones: $SIGNED_COUNT valid, $BOGUS_COUNT bogus (of $(wc -l <"$WORK/zones.txt") zones)"

# ---- 4. servers ----------------------------------------------------------------------------------
NSD_USER=""
if [[ $(id -u) -eq 0 ]] && id nsd >/dev/null 2>&1; then
    NSD_USER=nsd # root: nsd binds, then drops to its own user, which must read the zones
    chmod -R a+rX "$WORK"
fi
mkdir -p "$WORK/nsd-run" # nsd's own writable state (xfrd, zone list, statistics)
[[ -n "$NSD_USER" ]] && chown "$NSD_USER" "$WORK/nsd-run"
{
    echo "server:"
    echo "  ip-address: 127.0.0.1@$NSD_PORT"
    echo "  username: \"$NSD_USER\""
    echo "  chroot: \"\""
    echo "  zonesdir: \"$WORK/zones\""
    echo "  pidfile: \"$WORK/nsd.pid\""
    echo "  database: \"\""
    echo "  zonelistfile: \"$WORK/nsd-run/nsd.zonelist\""
    echo "  xfrdfile: \"$WORK/nsd-run/nsd.xfrd\""
    echo "  xfrdir: \"$WORK/nsd-run\""
    echo "  logfile: \"$WORK/nsd.log\""
    echo "  server-count: 1"
    echo "  verbosity: 0"
    echo "  hide-version: yes"
    echo "  zonefiles-write: 0"
    # Debian's nsd has response rate limiting on (200 answers/s per client /24 and answer kind):
    # unbound is one client, so RRL would drop most of its upstream queries and turn the
    # resolver into a 2,000 q/s bottleneck with 40-ms-plus latencies. Real authoritative servers
    # are many, each seeing a fraction of a resolver's queries; here the limit is off.
    echo "  rrl-ratelimit: 0"
    echo "  rrl-whitelist-ratelimit: 0"
    echo "remote-control:"
    echo "  control-enable: no"
    while read -r zone file kind; do
        echo "zone:"
        echo "  name: \"$zone\""
        if [[ "$kind" != plain && $SIGN == 1 ]]; then
            echo "  zonefile: \"$file.signed\""
        else
            echo "  zonefile: \"$file\""
        fi
    done <"$WORK/zones.txt"
} >"$WORK/nsd.conf"
nsd-checkconf "$WORK/nsd.conf" || die "nsd.conf invalid"

write_unbound_conf() { # $1: log-queries yes|no
    {
        echo "server:"
        echo "  interface: 127.0.0.1@$UNBOUND_PORT"
        echo "  port: $UNBOUND_PORT"
        echo "  username: \"\""
        echo "  chroot: \"\""
        echo "  directory: \"$WORK\""
        echo "  pidfile: \"$WORK/unbound.pid\""
        echo "  logfile: \"$WORK/unbound.log\""
        echo "  use-syslog: no"
        echo "  verbosity: 0"
        echo "  log-queries: $1"
        echo "  num-threads: $UNBOUND_THREADS"
        echo "  access-control: 127.0.0.0/8 allow"
        echo "  do-not-query-localhost: no"
        echo "  do-ip6: no"
        echo "  qname-minimisation: no"
        echo "  msg-cache-size: 256m"
        echo "  rrset-cache-size: 512m"
        echo "  key-cache-size: 16m"
        echo "  neg-cache-size: 64m"
        echo "  num-queries-per-thread: 4096"
        echo "  outgoing-range: 8192"
        echo "  so-rcvbuf: 4m"
        echo "  so-sndbuf: 4m"
        echo "  statistics-cumulative: yes"
        echo "  extended-statistics: yes"
        echo "  module-config: \"validator iterator\""
        echo "  trust-anchor-file: \"$WORK/anchors.txt\""
        echo "  val-log-level: 0"
        for z in 18.198.in-addr.arpa 19.198.in-addr.arpa 0.0.0.0.2.0.0.0.1.0.0.2.ip6.arpa; do
            echo "  local-zone: \"$z.\" nodefault"
        done
        echo "remote-control:"
        echo "  control-enable: yes"
        echo "  control-interface: 127.0.0.1"
        echo "  control-port: $CONTROL_PORT"
        echo "  control-use-cert: no"
        while read -r zone file kind; do
            echo "stub-zone:"
            echo "  name: \"$zone.\""
            echo "  stub-addr: 127.0.0.1@$NSD_PORT"
        done <"$WORK/zones.txt"
    } >"$WORK/unbound.conf"
    [[ -s "$WORK/anchors.txt" ]] || sed -i '/trust-anchor-file/d' "$WORK/unbound.conf"
    unbound-checkconf "$WORK/unbound.conf" >/dev/null || die "unbound.conf invalid"
}

wait_for() { # $1 description, $2.. command; up to 20 s
    local what=$1
    shift
    for _ in $(seq 1 200); do
        if "$@" >/dev/null 2>&1; then return 0; fi
        sleep 0.1
    done
    die "$what did not come up"
}

start_nsd() {
    nsd -c "$WORK/nsd.conf" || die "nsd failed to start (see $WORK/nsd.log)"
    wait_for "nsd" drill -p "$NSD_PORT" @127.0.0.1 bench SOA
}

stop_unbound() {
    if [[ -f "$WORK/unbound.pid" ]]; then
        local pid
        pid=$(cat "$WORK/unbound.pid")
        kill "$pid" 2>/dev/null || true
        for _ in $(seq 1 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
        rm -f "$WORK/unbound.pid"
    fi
}

start_unbound_cold() { # $1: log-queries yes|no
    stop_unbound
    write_unbound_conf "$1"
    unbound -c "$WORK/unbound.conf" || die "unbound failed to start (see $WORK/unbound.log)"
    wait_for "unbound" unbound-control -c "$WORK/unbound.conf" status
}

# nginx as the MTA-STS policy server: the policy hosts of a real run are other machines, so the
# stand-in that shares the benchmark's two cores should cost as little as a real web server does
# (the JDK's HttpsServer took 1.5-2.2 CPU s per 10,000-domain run, nginx 1.1 s). Same certificates (chosen by SNI), same
# policy bytes, Content-Type text/plain, 404 for anything else.
start_nginx() {
    local www="$WORK/sts-www" conf="$WORK/nginx.conf" f hosts first
    mkdir -p "$www" "$WORK/nginx-tmp"
    openssl pkcs12 -in "$WORK/sts.p12" -passin "pass:$PW" -nocerts -nodes 2>/dev/null \
        | openssl pkey -out "$WORK/sts.key" 2>/dev/null || die "cannot export the policy key for nginx"
    while IFS=$'\t' read -r host policy; do
        mkdir -p "$www/$host/.well-known"
        printf '%b' "${policy//\\n/\\r\\n}" >"$www/$host/.well-known/mta-sts.txt"
    done <"$WORK/sts-policies.tsv"
    {
        echo "worker_processes 1;"
        echo "pid $WORK/nginx.pid;"
        echo "error_log $WORK/nginx-error.log warn;"
        echo "events { worker_connections 4096; }"
        echo "http {"
        echo "  access_log off;"
        echo "  client_body_temp_path $WORK/nginx-tmp/body; proxy_temp_path $WORK/nginx-tmp/proxy;"
        echo "  fastcgi_temp_path $WORK/nginx-tmp/fcgi; uwsgi_temp_path $WORK/nginx-tmp/uwsgi; scgi_temp_path $WORK/nginx-tmp/scgi;"
        echo "  server_names_hash_max_size 8192; server_names_hash_bucket_size 128;"
        echo "  types { } default_type \"text/plain; charset=utf-8\";"
        echo "  ssl_protocols TLSv1.2 TLSv1.3;"
        echo "  ssl_certificate_key $WORK/sts.key;"
        first=""
        for f in "$WORK"/sts-certs/hosts-*.pem; do
            cat "$f" "$WORK/ca.pem" >"$f.chain"
            first=${first:-$f.chain}
            hosts=$(paste -sd' ' "${f%.pem}")
            echo "  server { listen $STS_ADDRESS:443 ssl; server_name $hosts; ssl_certificate $f.chain;"
            echo "    root $www/\$host; location = /.well-known/mta-sts.txt { } location / { return 404; } }"
        done
        echo "  server { listen $STS_ADDRESS:443 ssl default_server; ssl_certificate $first; return 404; }"
        echo "}"
    } >"$conf"
    nginx -t -c "$conf" -p "$WORK" >"$WORK/nginx-test.log" 2>&1 || die "nginx.conf invalid (see $WORK/nginx-test.log)"
    nginx -c "$conf" -p "$WORK" || die "nginx failed to start (see $WORK/nginx-error.log)"
    wait_for "nginx" test -s "$WORK/nginx.pid"
}

stat_of() { # $1: stat name; from unbound-control stats_noreset
    unbound-control -c "$WORK/unbound.conf" stats_noreset | awk -F= -v k="$1" '$1 == k { print $2 }'
}

start_nsd
say "nsd up ($(wc -l <"$WORK/zones.txt") zones)"

# MTA-STS: benchmark CA, certificates for groups of 25 mta-sts hosts, the policy server.
STS_COUNT=$(grep -c . "$WORK/sts-hosts.txt" || true)
CA_OPTS=()
if ((STS_COUNT > 0)); then
    PW=benchpass
    "$KEYTOOL" -genkeypair -alias ca -keyalg EC -groupname secp256r1 -dname "CN=Mailward bench CA" \
        -ext bc:c -validity 30 -keystore "$WORK/ca.p12" -storetype PKCS12 -storepass $PW 2>/dev/null
    "$KEYTOOL" -exportcert -rfc -alias ca -keystore "$WORK/ca.p12" -storepass $PW >"$WORK/ca.pem" 2>/dev/null
    "$KEYTOOL" -genkeypair -alias sts -keyalg EC -groupname secp256r1 -dname "CN=mta-sts bench" -validity 30 \
        -keystore "$WORK/sts.p12" -storetype PKCS12 -storepass $PW 2>/dev/null
    "$KEYTOOL" -certreq -alias sts -keystore "$WORK/sts.p12" -storepass $PW >"$WORK/sts.csr" 2>/dev/null
    # One certificate per group of 25 hosts (chosen by SNI in PolicyServer), like real sites.
    mkdir -p "$WORK/sts-certs"
    split -l 25 -d -a 4 "$WORK/sts-hosts.txt" "$WORK/sts-certs/hosts-"
    export KEYTOOL WORK PW
    # shellcheck disable=SC2016
    ls "$WORK"/sts-certs/hosts-* | xargs -P 2 -I{} bash -c '
        "$KEYTOOL" -gencert -alias ca -keystore "$WORK/ca.p12" -storepass $PW -rfc -validity 30 \
            -ext "SAN=$(paste -sd, <(sed "s/^/dns:/" "{}"))" -ext ku=digitalSignature -ext eku=serverAuth \
            -infile "$WORK/sts.csr" -outfile "{}.pem" 2>/dev/null'
    "$KEYTOOL" -importcert -noprompt -alias ca -file "$WORK/ca.pem" -keystore "$WORK/sts.p12" -storepass $PW \
        >/dev/null 2>&1
    ip addr show lo | grep -q "$STS_ADDRESS" || true # 127.0.0.0/8 is all loopback on Linux
    if [[ "$POLICY_SERVER" == nginx ]]; then
        start_nginx
    else
        "$JAVA" -Xmx256m "$BENCH/PolicyServer.java" "$STS_ADDRESS" 443 "$WORK/sts.p12" $PW "$WORK/sts-policies.tsv" \
            "$WORK"/sts-certs/hosts-*.pem >"$WORK/policy-server.log" 2>&1 &
        PIDS+=($!)
        wait_for "policy server" grep -q ready "$WORK/policy-server.log"
    fi
    CA_OPTS=(--ca "$WORK/ca.pem" --allow-targets "$STS_ADDRESS/32")
    say "policy server ($POLICY_SERVER) up: $STS_COUNT MTA-STS hosts"
fi

ANCHOR_OPTS=()
[[ -s "$WORK/anchors.txt" ]] && ANCHOR_OPTS=(--trust-anchors "$WORK/anchors.txt")

run_cli() { # $1: output file, $2: gc log; prints elapsed seconds
    local t0 t1
    t0=$(date +%s.%N)
    # /usr/bin/time (when present) records the CLI's user and system CPU seconds in $1.cpu
    local timer=()
    [[ -x /usr/bin/time ]] && timer=(/usr/bin/time -f "%U %S" -o "$1.cpu")
    # shellcheck disable=SC2086
    "${timer[@]}" "$JAVA" -Xmx512m "-Xlog:gc*:file=$2" $CLI_OPTS -jar "$CLI_JAR" check --domains-file "$WORK/domains.txt" \
        --concurrency "$CONCURRENCY" --format jsonl --resolver "127.0.0.1:$UNBOUND_PORT" \
        --dnssec-mode "$DNSSEC_MODE" "${ANCHOR_OPTS[@]}" "${CA_OPTS[@]}" >"$1" 2>"$1.err" || true
    t1=$(date +%s.%N)
    echo "$t1 - $t0" | bc -l
}

# ---- 5. derivation run: which questions does the CLI ask? ----------------------------------------
start_unbound_cold yes
say "derivation run (unbound cold, log-queries on)"
DERIV_S=$(run_cli "$WORK/derive.jsonl" "$WORK/gc-derive.log")
awk '/ info: 127\.0\.0\.1 / { print $(NF-2), $(NF-1) }' "$WORK/unbound.log" >"$WORK/queries.txt"
QUERIES_LOGGED=$(wc -l <"$WORK/queries.txt")
say "derivation run: ${DERIV_S}s, $QUERIES_LOGGED questions logged ($(sort -u "$WORK/queries.txt" | wc -l) distinct)"
awk '{ print $2 }' "$WORK/queries.txt" | sort | uniq -c | sort -rn >"$WORK/query-types.txt"
mv "$WORK/unbound.log" "$WORK/queries.log"

# ---- 6. ceiling: dnsperf against a cold unbound ------------------------------------------------
BEST_QPS=0
for q in $DNSPERF_Q; do
    start_unbound_cold no
    dnsperf -s 127.0.0.1 -p "$UNBOUND_PORT" -d "$WORK/queries.txt" -n 1 -q "$q" -c 4 -D -t 5 \
        >"$WORK/dnsperf-q$q.txt" 2>&1 || true
    qps=$(awk '/Queries per second:/ { print $4 }' "$WORK/dnsperf-q$q.txt")
    lost=$(awk '/Queries lost:/ { print $3 }' "$WORK/dnsperf-q$q.txt")
    say "dnsperf -q $q: ${qps:-?} queries/s, lost ${lost:-?}"
    if [[ -n "$qps" ]] && (($(echo "$qps > $BEST_QPS" | bc -l))); then BEST_QPS=$qps; fi
done

# ---- 7. measured runs --------------------------------------------------------------------------
summary() { # $1 run label, $2 output, $3 gc log, $4 seconds, $5 queries
    local out=$2 gc=$3 secs=$4 queries=$5
    local lines lost dup peak dps qpd ceiling ratio
    lines=$(grep -c '^{' "$out" || true)
    grep -o '^{"domain":"[^"]*"' "$out" | sed 's/.*:"//; s/"$//' | sort >"$out.domains"
    sort "$WORK/domains.txt" >"$WORK/domains.sorted"
    lost=$(comm -23 "$WORK/domains.sorted" <(sort -u "$out.domains") | wc -l)
    dup=$(uniq -d "$out.domains" | wc -l)
    # peak heap: the largest "before" of any GC pause, or the heap used at exit
    peak=$(awk '
        /Pause/ && match($0, /[0-9]+M->[0-9]+M/) { v = substr($0, RSTART, RLENGTH); sub(/M->.*/, "", v); if (v + 0 > m) m = v + 0 }
        /garbage-first heap|def new generation|total [0-9]+K, used/ && match($0, /used [0-9]+K/) { v = substr($0, RSTART + 5, RLENGTH - 6); if (v / 1024 > m) m = v / 1024 }
        END { printf "%.0f", m }' "$gc")
    dps=$(echo "$N / $secs" | bc -l)
    qpd=$(echo "$queries / $N" | bc -l)
    ceiling=$(echo "$BEST_QPS / ($QUERIES_LOGGED / $N)" | bc -l)
    ratio=$(echo "$dps / $ceiling" | bc -l)
    local v_rate v_ratio v_heap v_loss
    v_rate=$( (($(echo "$dps >= 1000" | bc -l))) && echo PASS || echo FAIL)
    v_ratio=$( (($(echo "$ratio >= 0.7" | bc -l))) && echo PASS || echo FAIL)
    v_heap=$( ((peak <= 512)) && echo PASS || echo FAIL)
    v_loss=$( ((lost == 0 && dup == 0 && lines == N)) && echo PASS || echo FAIL)
    {
        printf '\n== Mailward DNS benchmark, %s (%s, %s cores) ==\n' "$1" "$(date -u +%Y-%m-%dT%H:%MZ)" "$(nproc)"
        printf '%-34s %s\n' "domains" "$N (output lines $lines)"
        printf '%-34s %s\n' "concurrency / dnssec mode" "$CONCURRENCY / $DNSSEC_MODE"
        printf '%-34s %s\n' "extra JVM options" "${CLI_OPTS:-(none)}"
        [[ "$CLI_JAR" != "$JAR" ]] && printf '%-34s %s\n' "CLI jar" "$CLI_JAR"
        printf '%-34s %.2f\n' "seconds (wall, incl. JVM start)" "$secs"
        printf '%-34s %.0f   [goal >= 1000: %s]\n' "domains/s" "$dps" "$v_rate"
        printf '%-34s %.0f   (dnsperf %.0f q/s, cold unbound)\n' "dnsperf ceiling domains/s" "$ceiling" "$BEST_QPS"
        printf '%-34s %.2f   [goal >= 0.70: %s]\n' "ratio to ceiling" "$ratio" "$v_ratio"
        printf '%-34s %.1f   (logged in derivation run: %.1f)\n' "DNS queries/domain (unbound)" "$qpd" \
            "$(echo "$QUERIES_LOGGED / $N" | bc -l)"
        printf '%-34s %s   [goal <= 512: %s]\n' "peak heap used MiB" "$peak" "$v_heap"
        printf '%-34s %s / %s   [goal 0 / 0: %s]\n' "lost / duplicated domains" "$lost" "$dup" "$v_loss"
        if [[ -s "$out.cpu" ]]; then
            printf '%-34s %s\n' "CLI CPU ms/domain (user+sys)" "$(awk -v n="$N" '/^[0-9.]+ [0-9.]+$/ { printf "%.2f (user %.1f s, sys %.1f s)", ($1 + $2) * 1000 / n, $1, $2 }' "$out.cpu")"
        fi
        printf '%-34s %s\n' "load average at the end" "$(cut -d' ' -f1-3 /proc/loadavg)"
        printf '%-34s %s\n' "stderr lines of the CLI" "$(wc -l <"$out.err")"
    } | tee -a "$WORK/summary.txt"
    [[ $v_rate == PASS && $v_ratio == PASS && $v_heap == PASS && $v_loss == PASS ]]
}

STATUS=0
for run in $(seq 1 "$RUNS"); do
    start_unbound_cold no
    opts_var="JAVA_OPTS_$run"
    default_opts=$JAVA_OPTS
    ((run == 2)) && default_opts="$JAVA_OPTS $BULK_OPTS"
    CLI_OPTS=${!opts_var:-$default_opts}
    jar_var="JAR_$run"
    CLI_JAR=${!jar_var:-$JAR}
    say "measured run $run (unbound cold)${CLI_OPTS:+, JVM options: $CLI_OPTS}"
    SECS=$(run_cli "$WORK/run$run.jsonl" "$WORK/gc-run$run.log")
    QUERIES=$(stat_of total.num.queries)
    summary "run $run" "$WORK/run$run.jsonl" "$WORK/gc-run$run.log" "$SECS" "$QUERIES" || STATUS=1
done
cp "$WORK/population.txt" "$WORK/query-types.txt" "$WORK/summary.txt" "$ROOT/target/bench-dns/" 2>/dev/null || true
say "details in $WORK (summary.txt, population.txt, query-types.txt, dnsperf-*.txt, gc-*.log)"
exit $STATUS
