package dev.mailward.reportintake;

import java.time.Instant;
import java.util.List;

/** One SMTP TLS report as parsed (RFC 8460 §4): reporter, id, period and one entry per policy. */
record TlsReport(String orgName, String contact, String reportId, Instant begin, Instant end, List<Policy> policies) {

    /** One {@code policies[]} entry: the policy's type and domain, its session counts and failure details. */
    record Policy(String type, String domain, long successful, long failed, List<Failure> failures) {}

    /** One {@code failure-details[]} entry (RFC 8460 §4.3). */
    record Failure(String resultType, String sendingIp, String receivingMx, String receivingIp, long sessions) {}
}
