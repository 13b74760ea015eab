package dev.mailward.configaudit;

import java.util.Optional;

/**
 * The four texts of an upload, in storage and display order.
 *
 * @see #part() the multipart part / JSON property name of the API
 */
public enum ConfigFile {
    /** {@code postconf -n} output or a {@code main.cf}. */
    POSTCONF("postconf", "main.cf"),
    /** {@code postconf -M} output or a {@code master.cf}. */
    MASTER("master", "master.cf"),
    /** {@code doveconf -n} output. */
    DOVECONF("doveconf", "doveconf"),
    /** {@code rspamadm configdump} output. */
    RSPAMD("rspamd", "rspamd");

    private final String part;
    private final String auditName;

    ConfigFile(String part, String auditName) {
        this.part = part;
        this.auditName = auditName;
    }

    /** The multipart part name and JSON property of the API, e.g. {@code postconf}. */
    public String part() {
        return part;
    }

    /** The file name the audit's line references use ({@code main.cf}, {@code master.cf}, ...). */
    public String auditName() {
        return auditName;
    }

    /** The file a line reference of the audit points into. */
    public static Optional<ConfigFile> ofAuditName(String name) {
        for (ConfigFile f : values()) {
            if (f.auditName.equals(name)) {
                return Optional.of(f);
            }
        }
        return Optional.empty();
    }
}
