package dev.mailward.checks.spf;

import java.util.Locale;

/** The seven results of {@code check_host()} (RFC 7208 §2.6). */
enum SpfResult {
    NONE,
    NEUTRAL,
    PASS,
    FAIL,
    SOFTFAIL,
    TEMPERROR,
    PERMERROR;

    /** The RFC spelling, e.g. {@code permerror}. */
    String rfcName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
