package dev.mailward.dashboard;

import dev.mailward.checks.Mitigation;
import dev.mailward.checks.Status;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Writes scanning's tables directly (no DNS, no scans): a domain with {@code days} daily runs, one
 * result per mitigation (check id {@code t-<mitigation>}) whose finding has the given status, the
 * endpoint's {@code certificate} result (its expiry judged as the check does) carrying the certificate,
 * and one change event. Before the last two days TLS failed, so the trend
 * rises and the timeline has a "better" change.
 */
public final class DashboardSeed {

    private final JdbcTemplate jdbc;

    public DashboardSeed(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** A domain row of {@code teamId}. */
    public long domain(String name, long teamId, List<String> tags) {
        return jdbc.queryForObject("""
                insert into domain (a_label, u_label, team_id, tags, created_at, created_by, updated_at, discovery_status)
                values (?, ?, ?, ?, now(), 'test', now(), 'MX_FOUND') returning id
                """, Long.class, name, name, teamId, tags.toArray(String[]::new));
    }

    /**
     * Seeds {@code days} days of results ending now.
     *
     * @param statuses the status of each mitigation's finding today (missing = not measured)
     * @param certificateDaysLeft days until the endpoint certificate expires
     */
    public void results(
            long domainId, String name, Map<Mitigation, Status> statuses, int days, int certificateDaysLeft) {
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        for (int d = days - 1; d >= 0; d--) {
            Instant at = now.minus(d, ChronoUnit.DAYS);
            Long runId = jdbc.queryForObject(
                    "insert into check_run (domain_id, trigger, started_at, finished_at, status) "
                            + "values (?, 'SCHEDULED', ?, ?, 'PASS') returning id",
                    Long.class,
                    domainId,
                    java.sql.Timestamp.from(at),
                    java.sql.Timestamp.from(at.plusSeconds(5)));
            Map<Mitigation, Status> day = new LinkedHashMap<>(statuses);
            if (d >= 2 && day.containsKey(Mitigation.TLS)) {
                day.put(Mitigation.TLS, Status.FAIL);
            }
            for (var e : day.entrySet()) {
                String code = "TEST_" + e.getKey().name() + "_" + e.getValue().name();
                String findings = "[{\"code\":\"" + code + "\",\"status\":\""
                        + e.getValue().name()
                        + "\",\"message\":\"seeded " + e.getKey().id() + " "
                        + e.getValue().name().toLowerCase()
                        + "\",\"mitigation\":\"" + e.getKey().id() + "\"}]";
                result(runId, domainId, "t-" + e.getKey().id(), name, e.getValue(), findings, "{}", at);
            }
            Instant notBefore = now.minus(90, ChronoUnit.DAYS);
            Instant notAfter = now.plus(certificateDaysLeft, ChronoUnit.DAYS).plusSeconds(3600);
            Map<String, Status> verdicts = new LinkedHashMap<>();
            verdicts.put("CERT_NAME_OK", Status.PASS);
            verdicts.put("CERT_CHAIN_OK", Status.PASS);
            verdicts.putAll(expiry(notBefore, notAfter, at));
            certificateResult(
                    runId,
                    domainId,
                    "mx." + name + ":25",
                    "CN=mx." + name,
                    HexFormat.of().formatHex(sha256(name)),
                    notBefore,
                    notAfter,
                    verdicts,
                    at);
        }
        if (days > 2 && statuses.containsKey(Mitigation.TLS)) {
            jdbc.update(
                    "insert into change_event (domain_id, domain_name, check_id, target, direction, old_status, "
                            + "new_status, old_codes, new_codes, dns_changed, result_id, detected_at) values (?, ?, 't-tls', ?, "
                            + "'BETTER', 'FAIL', ?, '{TEST_TLS_FAIL}', '{}', false, 0, ?)",
                    domainId,
                    name,
                    name,
                    statuses.get(Mitigation.TLS).name(),
                    java.sql.Timestamp.from(now.minus(1, ChronoUnit.DAYS)));
        }
    }

    /**
     * The expiry finding the certificate check gives (CHECKS.md "tls": FAIL under 72 hours or a tenth
     * of the lifetime, WARN under a third of it or 30 days, whichever is less).
     */
    static Map<String, Status> expiry(Instant notBefore, Instant notAfter, Instant at) {
        java.time.Duration left = java.time.Duration.between(at, notAfter);
        java.time.Duration life = java.time.Duration.between(notBefore, notAfter);
        if (left.isNegative()) {
            return Map.of("CERT_EXPIRED", Status.FAIL);
        }
        if (left.compareTo(java.time.Duration.ofHours(72)) < 0 || left.compareTo(life.dividedBy(10)) < 0) {
            return Map.of("CERT_EXPIRY_CRITICAL", Status.FAIL);
        }
        java.time.Duration third = life.dividedBy(3);
        java.time.Duration warn =
                third.compareTo(java.time.Duration.ofDays(30)) < 0 ? third : java.time.Duration.ofDays(30);
        return left.compareTo(warn) < 0
                ? Map.of("CERT_EXPIRES_SOON", Status.WARN)
                : Map.of("CERT_VALIDITY_OK", Status.PASS);
    }

    /**
     * A current {@code certificate} result of {@code target} (in a run of its own, now) presenting the
     * certificate {@code sha256}, with the findings {@code verdicts} (code to status).
     */
    public void certificate(
            long domainId,
            String target,
            String subject,
            String sha256,
            Instant notBefore,
            Instant notAfter,
            Map<String, Status> verdicts) {
        Instant at = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        Long runId = jdbc.queryForObject(
                "insert into check_run (domain_id, trigger, started_at, finished_at, status) "
                        + "values (?, 'SCHEDULED', ?, ?, 'PASS') returning id",
                Long.class,
                domainId,
                java.sql.Timestamp.from(at),
                java.sql.Timestamp.from(at.plusSeconds(5)));
        certificateResult(runId, domainId, target, subject, sha256, notBefore, notAfter, verdicts, at);
    }

    /**
     * A current result of {@code check} on {@code target} (in a run of its own, now) with one finding
     * {@code code} of {@code status} informing {@code mitigation}, whose message is {@code message}.
     */
    public void finding(
            long domainId,
            String check,
            String target,
            String code,
            Status status,
            Mitigation mitigation,
            String message) {
        Instant at = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        Long runId = jdbc.queryForObject(
                "insert into check_run (domain_id, trigger, started_at, finished_at, status) "
                        + "values (?, 'SCHEDULED', ?, ?, 'PASS') returning id",
                Long.class,
                domainId,
                java.sql.Timestamp.from(at),
                java.sql.Timestamp.from(at.plusSeconds(5)));
        String findings = "[{\"code\":\"" + code + "\",\"status\":\"" + status.name() + "\",\"message\":\"" + message
                + "\",\"mitigation\":\"" + mitigation.id() + "\"}]";
        result(runId, domainId, check, target, status, findings, "{}", at);
    }

    /** An exception accepting {@code code} of {@code check} on {@code target} until 30 days from now. */
    public void accept(long domainId, String check, String target, String code) {
        jdbc.update(
                "insert into finding_exception (domain_id, check_id, target, finding_code, reason, expires_on, "
                        + "created_by, created_at) values (?, ?, ?, ?, 'accepted by the seed', current_date + 30, "
                        + "'test', now())",
                domainId,
                check,
                target,
                code);
    }

    private void certificateResult(
            long runId,
            long domainId,
            String target,
            String subject,
            String sha256,
            Instant notBefore,
            Instant notAfter,
            Map<String, Status> verdicts,
            Instant at) {
        StringBuilder findings = new StringBuilder("[");
        for (var v : verdicts.entrySet()) {
            findings.append(findings.length() > 1 ? "," : "")
                    .append("{\"code\":\"")
                    .append(v.getKey())
                    .append("\",\"status\":\"")
                    .append(v.getValue().name())
                    .append("\",\"message\":\"seeded ")
                    .append(v.getKey())
                    .append("\",\"mitigation\":\"tls\"}");
        }
        findings.append(']');
        String evidence = "{\"certificates\":[{\"subject\":\"" + subject + "\",\"issuer\":\"CN=Seed CA\","
                + "\"notBefore\":\"" + notBefore + "\",\"notAfter\":\"" + notAfter + "\",\"sha256\":\"" + sha256
                + "\"}]}";
        result(
                runId,
                domainId,
                "certificate",
                target,
                Status.worst(verdicts.values()),
                findings.toString(),
                evidence,
                at);
    }

    private void result(
            long runId,
            long domainId,
            String check,
            String target,
            Status status,
            String findings,
            String evidence,
            Instant at) {
        Long id = jdbc.queryForObject(
                "insert into check_result (run_id, domain_id, check_id, target, status, findings, "
                        + "evidence, dns_hash, checked_at, elapsed_ms) values (?, ?, ?, ?, ?, cast(? as jsonb), cast(? as jsonb), "
                        + "'', ?, 12) returning id",
                Long.class,
                runId,
                domainId,
                check,
                target,
                status.name(),
                findings,
                evidence,
                java.sql.Timestamp.from(at));
        jdbc.update(
                "insert into current_result (domain_id, check_id, target, result_id, run_id, status, findings, "
                        + "evidence, dns_hash, checked_at, elapsed_ms) values (?, ?, ?, ?, ?, ?, cast(? as jsonb), "
                        + "cast(? as jsonb), '', ?, 12) on conflict (domain_id, check_id, target) do update set "
                        + "result_id = excluded.result_id, run_id = excluded.run_id, status = excluded.status, "
                        + "findings = excluded.findings, evidence = excluded.evidence, checked_at = excluded.checked_at",
                domainId,
                check,
                target,
                id,
                runId,
                status.name(),
                findings,
                evidence,
                java.sql.Timestamp.from(at));
    }

    private static byte[] sha256(String s) {
        try {
            return java.security.MessageDigest.getInstance("SHA-256")
                    .digest(s.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
