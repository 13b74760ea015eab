#!/bin/sh
# Regenerates the fixture outputs of every scenario from its input/ directory with the real tools.
# Not run by CI. Needs Debian 12's postfix, dovecot-core (+ dovecot-imapd, -pop3d, -lmtpd, -sieve,
# -managesieved) and rspamd installed (no daemon needs to run):
#   echo "postfix postfix/main_mailer_type select No configuration" | debconf-set-selections
#   DEBIAN_FRONTEND=noninteractive apt-get install -y postfix dovecot-core dovecot-imapd \
#       dovecot-pop3d dovecot-lmtpd dovecot-sieve dovecot-managesieved rspamd
# Usage: sh generate.sh            (from any directory)
# Per scenario, when present:
#   input/postfix/{main.cf,master.cf} -> postconf-n.txt, postconf-M.txt
#   input/dovecot/dovecot.conf        -> doveconf-n.txt
#   input/rspamd/ (a LOCAL_CONFDIR with local.d/) or input/rspamd-default -> rspamd-configdump.txt
set -eu
here=$(cd "$(dirname "$0")" && pwd)
for dir in "$here"/*/; do
    s=$(basename "$dir")
    [ -d "$dir/input" ] || continue
    echo "== $s"
    cd "$dir"
    # Relative paths keep the build machine's directories out of the outputs
    # (postconf prints config_directory, doveconf the file name in its header).
    if [ -f input/postfix/main.cf ]; then
        postconf -n -c input/postfix > postconf-n.txt
        postconf -M -c input/postfix > postconf-M.txt
    fi
    if [ -f input/dovecot/dovecot.conf ]; then
        doveconf -n -c input/dovecot/dovecot.conf > doveconf-n.txt
    fi
    if [ -d input/rspamd ]; then
        # The stock /etc/rspamd/rspamd.conf with this scenario's local.d/ as LOCAL_CONFDIR; the
        # warnings configdump prints on stderr (unresolvable fuzzy servers offline) are dropped.
        rspamadm --var="LOCAL_CONFDIR=input/rspamd" configdump -c /etc/rspamd/rspamd.conf \
            > rspamd-configdump.txt 2>/dev/null
    fi
    cd "$here"
done
