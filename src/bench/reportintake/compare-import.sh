#!/usr/bin/env bash
# Before/after of the import (b) in one run: two console builds alternate (old, new, old, new, ...), each on its own
# seeded database, IMPORTS imports each, ROUNDS rounds. Seed once with run.sh, then copy its data directory for the
# old build when the new one brings a migration the old one must not see (cp -a target/bench-reportintake X).
#
#   OLD_JAR=old.jar NEW_JAR=new.jar [OLD_DATA=dir] [NEW_DATA=dir] [ROUNDS=2] [IMPORTS=4] \
#     src/bench/reportintake/compare-import.sh
#
# Prints each import's client time and the console's "read and sent ... PostgreSQL done ... later" line.
set -euo pipefail
cd "$(dirname "$0")/../../.."
: "${OLD_JAR:?the old build's jar}" "${NEW_JAR:?the new build's jar}"
OLD_DATA=${OLD_DATA:-target/bench-reportintake}
NEW_DATA=${NEW_DATA:-target/bench-reportintake}
for round in $(seq 1 "${ROUNDS:-2}"); do
  for side in old new; do
    if [ "$side" = old ]; then jar=$OLD_JAR; data=$OLD_DATA; else jar=$NEW_JAR; data=$NEW_DATA; fi
    echo "=== $side round $round $(date -u +%H:%M:%SZ) load $(cut -d' ' -f1-3 /proc/loadavg) ($jar on $data)"
    DATA=$data SUMMARY=0 PURGE=0 JAR=$jar src/bench/reportintake/run.sh 200 "${IMPORTS:-4}" 2>&1 \
      | grep -E "import [0-9]|records read and sent|up after" \
      | sed -E -e 's/ bytes gzip.*generated in [0-9]+ ms\)//' -e 's/^.*(DMARC report .* later)$/   \1/'
  done
done
