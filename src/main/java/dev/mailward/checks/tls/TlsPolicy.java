package dev.mailward.checks.tls;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/**
 * The NCSC-NL classification of versions, cipher suites and key exchange groups, loaded from a
 * versioned resource (thresholds change over time; CHECKS.md keeps them out of the code).
 */
public final class TlsPolicy {

    /** The edition in force. */
    public static final String RESOURCE = "ncsc-nl-tls-2025-05.properties";

    /** Classes of the guidelines, best first. */
    public enum Grade {
        GOOD,
        SUFFICIENT,
        PHASE_OUT,
        INSUFFICIENT
    }

    private static final TlsPolicy DEFAULT = load(RESOURCE);

    private final Properties table;

    private TlsPolicy(Properties table) {
        this.table = table;
    }

    public static TlsPolicy ncscNl() {
        return DEFAULT;
    }

    static TlsPolicy load(String resource) {
        Properties p = new Properties();
        try (InputStream in = TlsPolicy.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("TLS policy resource " + resource + " is missing");
            }
            p.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException("TLS policy resource " + resource + " cannot be read", e);
        }
        return new TlsPolicy(p);
    }

    public String edition() {
        return table.getProperty("edition", RESOURCE);
    }

    public Grade suite(String ianaName) {
        return grade("suite." + ianaName);
    }

    public Grade group(String name) {
        return grade("group." + name);
    }

    public Grade version(String label) {
        return grade("version." + label);
    }

    private Grade grade(String key) {
        String v = table.getProperty(key);
        if (v == null) {
            return Grade.INSUFFICIENT;
        }
        return switch (v.strip()) {
            case "good" -> Grade.GOOD;
            case "sufficient" -> Grade.SUFFICIENT;
            case "phase-out" -> Grade.PHASE_OUT;
            default -> Grade.INSUFFICIENT;
        };
    }
}
