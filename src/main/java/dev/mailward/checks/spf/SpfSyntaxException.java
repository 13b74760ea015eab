package dev.mailward.checks.spf;

/**
 * A syntax error in an SPF record or macro-string (RFC 7208 §4.6: any syntax error anywhere in the
 * record makes {@code check_host()} return permerror). The message names the offending term.
 */
final class SpfSyntaxException extends Exception {

    private static final long serialVersionUID = 1L;

    SpfSyntaxException(String message) {
        super(message);
    }
}
