package dev.mailward.checks;

/**
 * The thirteen mitigations of the catalogue (DESIGN.md §5). Every finding informs exactly one.
 * Titles, weights and guides live in the {@code mitigations} module; this is only the stable id.
 */
public enum Mitigation {
    LISTENERS("listeners"),
    NO_OPEN_RELAY("no-open-relay"),
    MAINTAINED_MTA("maintained-mta"),
    MAILBOX_ACCESS("mailbox-access"),
    REPUTATION("reputation"),
    LAYERED_AUTH("layered-auth"),
    SIEVE("sieve"),
    SASL_SUBMISSION("sasl-submission"),
    SPF_DKIM("spf-dkim"),
    DNSSEC_DANE("dnssec-dane"),
    RSPAMD("rspamd"),
    DOS_LIMITS("dos-limits"),
    TLS("tls");

    private final String id;

    Mitigation(String id) {
        this.id = id;
    }

    /** The stable id used in results, URLs and reports, e.g. {@code spf-dkim}. */
    public String id() {
        return id;
    }

    public static Mitigation fromId(String id) {
        for (Mitigation m : values()) {
            if (m.id.equals(id)) {
                return m;
            }
        }
        throw new IllegalArgumentException("unknown mitigation '" + id + "'");
    }
}
