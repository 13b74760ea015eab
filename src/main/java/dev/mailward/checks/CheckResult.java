package dev.mailward.checks;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * The result of one check id on one target: the worst status of its findings, the findings and
 * the evidence. The unit the console, API, reports and CLI all share (CHECKS.md "Results").
 *
 * @param check the check id, e.g. {@code spf}, {@code dkim}, {@code starttls}
 * @param target what was checked: a domain, {@code sel._domainkey.domain}, an MX host name, an IP
 *     address, an endpoint {@code host:port}, or {@code config:<server>}
 * @param status worst status of the findings ({@code NOT_APPLICABLE} when there are none)
 * @param findings the judgements, most severe first
 * @param evidence what was observed
 * @param checkedAt when the check started
 * @param elapsed how long it took
 */
public record CheckResult(
        String check,
        String target,
        Status status,
        List<Finding> findings,
        Evidence evidence,
        Instant checkedAt,
        Duration elapsed) {

    public CheckResult {
        findings = findings.stream()
                .sorted((a, b) ->
                        Integer.compare(b.status().severity(), a.status().severity()))
                .toList();
    }

    /** A result whose status is derived from its findings. */
    public static CheckResult of(
            String check,
            String target,
            List<Finding> findings,
            Evidence evidence,
            Instant checkedAt,
            Duration elapsed) {
        Status status = Status.worst(findings.stream().map(Finding::status).toList());
        return new CheckResult(check, target, status, findings, evidence, checkedAt, elapsed);
    }
}
