package dev.mailward.dns;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A failed lookup in a mail admin's words, for finding messages: what happened (no answer in time,
 * server failure, refused, rejected by DNSSEC validation, the check's lookup budget used up), never
 * the resolver's outcome names or raw text (Extended DNS Errors, {@code CD=1} data, signatures),
 * which stay in the answer's evidence.
 */
public final class DnsWords {

    private static final Pattern BUDGET = Pattern.compile("budget of (\\d+) (?:DNS )?quer");
    private static final Pattern TRIES = Pattern.compile("after (\\d+) tr(?:y|ies) of (\\d+) ms");

    private DnsWords() {}

    /**
     * The end of a sentence "the lookup of X TXT …", e.g. "timed out: the DNS servers did not answer
     * in time (6 s)".
     */
    public static String failure(DnsAnswer answer) {
        if (answer.dnssec() == DnssecStatus.BOGUS) {
            return "was rejected because the zone's DNSSEC chain is broken (validating resolvers return SERVFAIL)";
        }
        return switch (answer.outcome()) {
            case OK, NXDOMAIN, NODATA -> "succeeded";
            case TIMEOUT -> "timed out: " + reason(answer);
            case BUDGET_EXHAUSTED -> "was not sent: " + reason(answer);
            case SERVFAIL, REFUSED, ERROR -> "failed: " + reason(answer);
        };
    }

    /**
     * Why a lookup gave no usable answer, as a clause that follows "failed: ", e.g. "the DNS server
     * refused the query" or "the lookup budget of this check was used up (more than 40 queries)".
     */
    public static String reason(DnsAnswer answer) {
        if (answer.dnssec() == DnssecStatus.BOGUS) {
            return "the zone's DNSSEC chain is broken, so validating resolvers reject the answer";
        }
        String error = answer.error().orElse("");
        return switch (answer.outcome()) {
            case OK -> "records found";
            case NXDOMAIN -> "the name does not exist";
            case NODATA -> "the name has no record of this type";
            case SERVFAIL -> "the DNS server reported a server failure";
            case REFUSED -> "the DNS server refused the query";
            case TIMEOUT ->
                error.startsWith("deadline")
                        ? "the time allowed for this check ran out before the answer came"
                        : "the DNS servers did not answer in time" + waited(answer.elapsed(), error);
            case BUDGET_EXHAUSTED -> {
                Matcher m = BUDGET.matcher(error);
                yield "the lookup budget of this " + (error.contains("domain's") ? "domain" : "check") + " was used up"
                        + (m.find() ? " (more than " + m.group(1) + " queries)" : "");
            }
            case ERROR -> "the answer could not be used" + (error.isEmpty() ? "" : " (" + error + ")");
        };
    }

    /** " (6 s)": the time waited, from the answer or from the transport's "after 3 tries of 2000 ms". */
    private static String waited(Duration elapsed, String error) {
        long millis = elapsed.toMillis();
        if (millis < 1_000) {
            Matcher m = TRIES.matcher(error);
            if (m.find()) {
                millis = Long.parseLong(m.group(1)) * Long.parseLong(m.group(2));
            }
        }
        if (millis < 1_000) {
            return "";
        }
        long tenths = Math.round(millis / 100.0);
        return " (" + (tenths % 10 == 0 ? String.valueOf(tenths / 10) : (tenths / 10) + "." + (tenths % 10)) + " s)";
    }
}
