#!/usr/bin/env bash
# Before/after in one run (see src/bench/README.md): builds <base-ref> (a git worktree under
# target/bench-base) and the working tree, then runs one benchmark alternately for base and head
# (A B A B ..., PAIRS pairs, default 2) and prints each figure with the ratio head/base.
#
#   src/bench/compare.sh <base-ref> dns|dashboard|reports [args for the bench's run.sh]
#
# Arguments after the bench's name go to its run.sh (dashboard: users rounds; reports: domains
# pdf-domains). Environment: PAIRS (default 2); the bench's own variables pass through (N=300 for
# dns; DOMAINS=300 SATURATION=0 for dashboard); BUILD=0 reuses the builds of the previous compare;
# HEAD_REF=<ref> compares with that commit (built in a second worktree) instead of the working tree;
# DNS_OPTS adds JVM options to every measured CLI run of the DNS bench (default none: the plain
# java -jar command line). Examples:
#   N=300 src/bench/compare.sh HEAD~3 dns
#   DOMAINS=300 SATURATION=0 src/bench/compare.sh HEAD~3 dashboard 4 5
#   src/bench/compare.sh HEAD~3 reports 1000 100
set -euo pipefail
export JAVA_HOME=${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
cd "$ROOT"

usage() {
    echo "usage: src/bench/compare.sh <base-ref> dns|dashboard|reports [args for the bench's run.sh]" >&2
    exit 2
}
(($# >= 2)) || usage
BASE_REF=$1
BENCH=$2
shift 2
case "$BENCH" in dns | dashboard | reports) ;; *) usage ;; esac
PAIRS=${PAIRS:-2}
((PAIRS >= 1)) || usage

say() { printf '[compare %s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }

BASE_SHA=$(git rev-parse --verify "$BASE_REF^{commit}") || { say "unknown ref $BASE_REF"; exit 2; }
BASE_TREE="$ROOT/target/bench-base"
# head: the working tree, or with HEAD_REF=<ref> a second worktree at that commit (two past commits compared)
if [[ -n "${HEAD_REF:-}" ]]; then
    HEAD_SHA=$(git rev-parse --verify "$HEAD_REF^{commit}") || { say "unknown ref $HEAD_REF"; exit 2; }
    HEAD_TREE="$ROOT/target/bench-head"
    HEAD_DESC="$HEAD_REF = ${HEAD_SHA:0:10}"
else
    HEAD_TREE="$ROOT"
    HEAD_DESC="$(git rev-parse --short HEAD)$(git diff --quiet HEAD -- src pom.xml db frontend || echo '+changes')"
fi
OUT="$ROOT/target/bench-compare/$BENCH-$(date -u +%Y%m%dT%H%M%SZ)"
LAST="$ROOT/target/bench-compare/last-build"
mkdir -p "$OUT"

# ---- the worktrees: base at BASE_SHA, head at HEAD_SHA with HEAD_REF ---------------------------
worktree_at() { # $1 directory, $2 commit: a detached worktree there, created or moved
    local tree=$1 sha=$2
    if [[ -e "$tree/.git" ]] && [[ "$(git -C "$tree" rev-parse HEAD)" != "$sha" ]]; then
        git -C "$tree" checkout -q --detach "$sha"
    elif [[ ! -e "$tree/.git" ]]; then
        rm -rf "$tree"
        git worktree prune
        git worktree add -q --detach "$tree" "$sha"
    fi
}
worktree_at "$BASE_TREE" "$BASE_SHA"
[[ -n "${HEAD_SHA:-}" ]] && worktree_at "$HEAD_TREE" "$HEAD_SHA"

# ---- builds: the jar (dns, dashboard), or classes + test class path (reports) -------------------
build() { # $1 tree, $2 side (base|head)
    local tree=$1 side=$2
    say "building $side ($( [[ $side == base ]] && echo "$BASE_REF = ${BASE_SHA:0:10}" || echo "$HEAD_DESC"))"
    (cd "$tree" && ./mvnw -q -B -ntp package -DskipTests)
    mkdir -p "$LAST/$side"
    cp "$tree/target/mailward.jar" "$LAST/$side/mailward.jar"
    if [[ $BENCH == reports ]]; then
        (cd "$tree" && ./mvnw -q -B -ntp dependency:build-classpath -Dmdep.outputFile=target/bench-classpath.txt \
            -Dmdep.includeScope=test)
        rm -rf "$LAST/$side/classes" "$LAST/$side/test-classes"
        cp -r "$tree/target/classes" "$tree/target/test-classes" "$tree/target/bench-classpath.txt" "$LAST/$side/"
    fi
    echo "$( [[ $side == base ]] && echo "$BASE_SHA" || echo "$HEAD_DESC")" >"$LAST/$side/built-from"
}
if [[ "${BUILD:-1}" != 0 || ! -f "$LAST/base/mailward.jar" || ! -f "$LAST/head/mailward.jar" ]]; then
    build "$BASE_TREE" base
    build "$HEAD_TREE" head
else
    say "BUILD=0: reusing the builds in $LAST (base $(cat "$LAST/base/built-from"), head $(cat "$LAST/head/built-from"))"
fi
# the runs use copies, so that a build in the working tree meanwhile changes nothing
for side in base head; do cp -r "$LAST/$side" "$OUT/$side"; done

# ---- runs, alternating ---------------------------------------------------------------------------
RESULTS="$OUT/results.tsv" # side, run, metric, value (lower is better unless the metric says /s)
: >"$RESULTS"
record() { # $1 side, $2 run, then "metric<TAB>value" lines on stdin
    awk -F'\t' -v side="$1" -v run="$2" 'NF == 2 && $2 != "" { print side "\t" run "\t" $1 "\t" $2 }' >>"$RESULTS"
}

case "$BENCH" in
dns)
    # One run.sh invocation: one generated population, one derivation run (head's jar) and one
    # ceiling for all measured runs; the measured runs alternate between the two jars.
    RUNS=$((2 * PAIRS))
    envs=(RUNS="$RUNS" JAR="$OUT/head/mailward.jar")
    for ((r = 1; r <= RUNS; r++)); do
        side=$( ((r % 2)) && echo base || echo head)
        envs+=("JAR_$r=$OUT/$side/mailward.jar" "JAVA_OPTS_$r=${DNS_OPTS:- }")
    done
    say "dns bench: ${N:-10000} domains, $RUNS measured runs (base, head, base, head, ...)"
    env "${envs[@]}" bash src/bench/dns/run.sh "$@" >"$OUT/dns.log" 2>&1 || true
    summary="$ROOT/target/bench-dns/summary.txt"
    [[ -s "$summary" && "$summary" -nt "$OUT/head" ]] || { say "the DNS bench wrote no summary, see $OUT/dns.log"; exit 1; }
    cp "$summary" "$OUT/"
    for ((r = 1; r <= RUNS; r++)); do
        side=$( ((r % 2)) && echo base || echo head)
        awk -v run="run $r" '
            /^== Mailward DNS benchmark, / { on = index($0, run " (") > 0 }
            !on { next }
            /^seconds \(wall/ { print "wall s\t" $NF }
            /^domains\/s / { print "domains/s\t" $2 }
            /^DNS queries\/domain/ { print "DNS queries/domain\t" $4 }
            /^peak heap used MiB/ { print "peak heap MiB\t" $5 }
            /^lost \/ duplicated/ { print "lost+duplicated domains\t" $5 + $7 }
            /^CLI CPU ms\/domain/ { print "CLI CPU ms/domain\t" $5 }
        ' "$summary" | record "$side" $(((r + 1) / 2))
    done
    ;;
dashboard)
    for ((p = 1; p <= PAIRS; p++)); do
        for side in base head; do
            seed="$ROOT/src/bench/dashboard/seed.sql"
            side_seed=$([[ $side == base ]] && echo "$BASE_TREE/src/bench/dashboard/seed.sql" \
                || echo "$HEAD_TREE/src/bench/dashboard/seed.sql")
            if [[ -f "$side_seed" ]] && grep -q ':domains' "$side_seed"; then
                seed=$side_seed
            elif ((p == 1)); then
                say "base's seed.sql does not take a domain count: base is seeded with the working tree's"
            fi
            say "dashboard bench, pair $p: $side"
            data_id=$([[ $side == base ]] && echo "${BASE_SHA:0:10}" || echo "${HEAD_SHA:+${HEAD_SHA:0:10}-}head")
            DATA="$ROOT/target/bench-compare/dashboard-data-$data_id-${DOMAINS:-10000}" JAR="$OUT/$side/mailward.jar" \
                SEED="$seed" bash src/bench/dashboard/run.sh "$@" >"$OUT/$side-$p.log" 2>&1 \
                || { say "run failed, see $OUT/$side-$p.log"; exit 1; }
            awk '
                /^== .*think time/ { round = "think" } /^== .*saturation/ { round = "saturation" }
                / n=[0-9]+ +server median=/ {
                    page = $1; med = $0; sub(/.*server median=/, "", med); split(med, f, /[ =]/)
                    print round " " page " server median ms\t" f[1]
                    print round " " page " server p95 ms\t" f[3]
                    if (round == "saturation") { print round " " page " req/s\t" $(NF - 1) }
                }
                / cpu console=[0-9.]+ database=[0-9.]+ ms\/request/ {
                    c = $0; sub(/.*console=/, "", c); sub(/ .*/, "", c)
                    d = $0; sub(/.*database=/, "", d); sub(/ .*/, "", d)
                    print round " " $1 " console CPU ms/request\t" c
                    print round " " $1 " database CPU ms/request\t" d
                }' "$OUT/$side-$p.log" | record "$side" "$p"
        done
    done
    ;;
reports)
    for ((p = 1; p <= PAIRS; p++)); do
        for side in base head; do
            say "reports bench, pair $p: $side"
            CLASSES="$OUT/$side" bash src/bench/reports/run.sh "$@" >"$OUT/$side-$p.log" 2>&1 \
                || { say "run failed, see $OUT/$side-$p.log"; exit 1; }
            awk '
                / s +[0-9,]+ bytes / {
                    label = $0; sub(/ +[0-9.]+ s +[0-9,]+ bytes.*/, "", label); gsub(/ +/, " ", label)
                    secs = $0; sub(/ s +[0-9,]+ bytes.*/, "", secs); sub(/.* /, "", secs)
                    heap = $0; sub(/.*peak heap +/, "", heap); sub(/ MiB.*/, "", heap)
                    print label " s\t" secs; print label " peak heap MiB\t" heap
                }
                /peak before GC/ { print "peak heap before GC MiB\t" $4 }' "$OUT/$side-$p.log" | record "$side" "$p"
        done
    done
    ;;
esac

# ---- the table ------------------------------------------------------------------------------------
{
    printf '%s bench, base %s (%s) vs head %s, %d pairs run alternately (base first), %s, load average now %s\n' \
        "$BENCH" "$BASE_REF" "${BASE_SHA:0:10}" "$HEAD_DESC" "$PAIRS" "$(date -u +%Y-%m-%dT%H:%MZ)" \
        "$(cut -d' ' -f1-3 /proc/loadavg)"
    awk -F'\t' '
        !($3 in seen) { seen[$3] = 1; order[++n] = $3 }
        { v[$3, $1] = v[$3, $1] (v[$3, $1] == "" ? "" : " ") $4 }
        function median(s,   a, k, i, j, t) {
            k = split(s, a, " ")
            for (i = 1; i <= k; i++) for (j = i + 1; j <= k; j++) if (a[j] + 0 < a[i] + 0) { t = a[i]; a[i] = a[j]; a[j] = t }
            return k % 2 ? a[(k + 1) / 2] : (a[k / 2] + a[k / 2 + 1]) / 2
        }
        END {
            printf "| %s | %s | %s | %s | %s | %s |\n", "figure", "base runs", "head runs", "base median", "head median", "head/base"
            print "| --- | --- | --- | ---: | ---: | ---: |"
            for (i = 1; i <= n; i++) {
                m = order[i]; b = median(v[m, "base"]); h = median(v[m, "head"])
                printf "| %s | %s | %s | %s | %s | %s |\n", m, v[m, "base"], v[m, "head"], b, h, b + 0 == 0 ? "–" : sprintf("%.2f", h / b)
            }
        }' "$RESULTS"
    echo "(times, CPU, heap and queries: lower is better; domains/s and req/s: higher is better)"
} | tee "$OUT/table.md"
say "logs and figures in $OUT"
