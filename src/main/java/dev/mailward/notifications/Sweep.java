package dev.mailward.notifications;

import dev.mailward.reportintake.DomainPassRate;
import dev.mailward.reportintake.ReportIntake;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Finds the conditions no single change announces, in the recorded results only (the results' published
 * views, never a check): certificates of probed endpoints expiring within a threshold of
 * {@code certificate-days} (the leaf's {@code notAfter} in the current {@code certificate} result's
 * evidence), DNSSEC signatures of a domain's zone expiring within {@code rrsig-days} (the earliest RRSIG expiry
 * the current {@code dnssec} result of the domain records, {@code rrsigExpires}), accepted findings expiring
 * within {@code exception-days}, and domains whose {@code mx} result was
 * {@code ERROR} in each of their last {@code error-scans} recorded results. Each condition is announced once
 * ({@code notification_alert_state}, claimed with {@code ON CONFLICT}, so replicas sweeping at once announce
 * once) and again only after {@code renotify-after} while it holds; a certificate crossing a lower threshold
 * is announced at once (the threshold is part of the condition). A regression (or TLSA mismatch) whose result
 * still has the status it announced is announced again once {@code renotify-after} has passed since it was last
 * announced, as the same kind with "still … since" in its evidence; a change announces itself, so a result
 * that stays bad is otherwise never repeated.
 *
 * <p>What the DMARC and TLS reports say comes from {@link ReportIntake} (two queries per sweep, every domain at
 * once): a domain whose DMARC pass rate over the recent days ({@code reports.recent-days}, ending yesterday) is
 * {@code reports.dmarc-drop-points} or more below the days before ({@code reports.baseline-days}), each with
 * {@code reports.min-messages}, is a {@link NotificationKind#DMARC_PASS_RATE_DROP}; one whose failed TLS sessions
 * exceed {@code reports.tls-failed-percent} of at least {@code reports.min-sessions}, or that shows a failure
 * result type the days before (with sessions) did not, is a {@link NotificationKind#TLS_FAILURES_RISING}. Like
 * the other conditions each is announced once while it holds.
 */
@Component
class Sweep {

    private final JdbcClient jdbc;
    private final Outbox outbox;
    private final OutboxStore store;
    private final TransactionTemplate tx;
    private final NotificationsProperties properties;
    private final ObjectProvider<ReportIntake> reports;

    Sweep(
            JdbcClient jdbc,
            Outbox outbox,
            OutboxStore store,
            TransactionTemplate tx,
            NotificationsProperties properties,
            ObjectProvider<ReportIntake> reports) {
        this.reports = reports;
        this.jdbc = jdbc;
        this.outbox = outbox;
        this.store = store;
        this.tx = tx;
        this.properties = properties;
    }

    /** One sweep; returns how many events were written. */
    int run(Instant now) {
        Integer n = tx.execute(s -> certificates(now)
                + signatures(now)
                + exceptions(now)
                + errorStreaks(now)
                + lasting(now)
                + reports(now));
        return n == null ? 0 : n;
    }

    private int certificates(Instant now) {
        int maxDays = properties.certificateDays().getFirst();
        record Cert(long domainId, String domain, String target, Instant notAfter, String subject) {}
        List<Cert> certs = jdbc.sql("""
                        select c.domain_id, d.a_label, c.target,
                               (c.evidence -> 'certificates' -> 0 ->> 'notAfter') as not_after,
                               coalesce(c.evidence -> 'certificates' -> 0 ->> 'subject', '') as subject
                        from results_current_v c
                        join inventory_domain_v d on d.id = c.domain_id
                        where c.check_id = 'certificate'
                          and jsonb_typeof(c.evidence -> 'certificates') = 'array'
                        """)
                .query((rs, i) -> new Cert(
                        rs.getLong(1), rs.getString(2), rs.getString(3), parse(rs.getString(4)), rs.getString(5)))
                .list();
        Set<String> holding = new TreeSet<>();
        int written = 0;
        for (Cert c : certs) {
            if (c.notAfter() == null) {
                continue;
            }
            long days = Duration.between(now, c.notAfter()).toDays();
            if (days > maxDays || c.notAfter().isBefore(now)) {
                continue;
            }
            // the lowest threshold the certificate is within: 21, then 7, then 1 day
            int threshold = properties.certificateDays().stream()
                    .filter(t -> days <= t)
                    .min(Integer::compare)
                    .orElse(maxDays);
            String subject = c.target() + " " + threshold;
            written += raiseOnce(
                    NotificationKind.CERTIFICATE_EXPIRING,
                    c.domainId(),
                    subject,
                    now,
                    holding,
                    () -> alert(
                            NotificationKind.CERTIFICATE_EXPIRING,
                            c.domainId(),
                            c.domain(),
                            "certificate",
                            c.target(),
                            null,
                            List.of(),
                            "tls",
                            "expires " + MessageText.TIME.format(c.notAfter()) + " (" + days + " days): " + c.subject(),
                            c.notAfter(),
                            now));
        }
        store.clearAlertsExcept(NotificationKind.CERTIFICATE_EXPIRING.name(), holding);
        return written;
    }

    private int signatures(Instant now) {
        record Zone(long domainId, String domain, Instant expires) {}
        List<Zone> zones = jdbc.sql("""
                        select c.domain_id, d.a_label, c.evidence ->> 'rrsigExpires'
                        from results_current_v c
                        join inventory_domain_v d on d.id = c.domain_id
                        where c.check_id = 'dnssec' and c.target = d.a_label and c.evidence ->> 'rrsigExpires' is not null
                        """)
                .query((rs, i) -> new Zone(rs.getLong(1), rs.getString(2), parse(rs.getString(3))))
                .list();
        Set<String> holding = new TreeSet<>();
        int written = 0;
        for (Zone z : zones) {
            if (z.expires() == null
                    || z.expires().isBefore(now)
                    || z.expires().isAfter(now.plus(Duration.ofDays(properties.rrsigDays())))) {
                continue;
            }
            // the expiry is the condition: a re-signed zone that again comes close is announced again
            String subject = "rrsig " + z.expires();
            written += raiseOnce(NotificationKind.RRSIG_EXPIRING, z.domainId(), subject, now, holding, () -> {
                long hours = Duration.between(now, z.expires()).toHours();
                return alert(
                        NotificationKind.RRSIG_EXPIRING,
                        z.domainId(),
                        z.domain(),
                        "dnssec",
                        z.domain(),
                        null,
                        List.of(),
                        "dnssec-dane",
                        "the earliest RRSIG of the zone's SOA expires " + MessageText.TIME.format(z.expires()) + " ("
                                + (hours / 24) + " days " + (hours % 24) + " hours)",
                        z.expires(),
                        now);
            });
        }
        store.clearAlertsExcept(NotificationKind.RRSIG_EXPIRING.name(), holding);
        return written;
    }

    private int exceptions(Instant now) {
        LocalDate today = LocalDate.ofInstant(now, ZoneOffset.UTC);
        record Expiring(
                long id, long domainId, String domain, String check, String target, String code, LocalDate on) {}
        List<Expiring> list = jdbc.sql("""
                        select e.id, e.domain_id, d.a_label, e.check_id, e.target, e.finding_code, e.expires_on
                        from results_exception_v e
                        join inventory_domain_v d on d.id = e.domain_id
                        where e.revoked_at is null and e.expires_on >= :today and e.expires_on <= :until
                        """)
                .param("today", today)
                .param("until", today.plusDays(properties.exceptionDays()))
                .query((rs, i) -> new Expiring(
                        rs.getLong(1),
                        rs.getLong(2),
                        rs.getString(3),
                        rs.getString(4),
                        rs.getString(5),
                        rs.getString(6),
                        rs.getObject(7, LocalDate.class)))
                .list();
        Set<String> holding = new TreeSet<>();
        int written = 0;
        for (Expiring e : list) {
            String subject = "exception " + e.id();
            written += raiseOnce(
                    NotificationKind.EXCEPTION_EXPIRING,
                    e.domainId(),
                    subject,
                    now,
                    holding,
                    () -> alert(
                            NotificationKind.EXCEPTION_EXPIRING,
                            e.domainId(),
                            e.domain(),
                            e.check(),
                            e.target(),
                            null,
                            List.of(e.code()),
                            null,
                            "the accepted finding " + e.code() + " counts again after " + e.on(),
                            e.on().plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant(),
                            now));
        }
        store.clearAlertsExcept(NotificationKind.EXCEPTION_EXPIRING.name(), holding);
        return written;
    }

    private int errorStreaks(Instant now) {
        int n = properties.errorScans();
        record Streak(long domainId, String domain, Instant since, String target) {}
        List<Streak> streaks = jdbc.sql("""
                        select h.domain_id, d.a_label, min(h.checked_at), min(h.target)
                        from (select domain_id, target, status, checked_at,
                                     row_number() over (partition by domain_id order by checked_at desc) as rn
                              from results_history_v where check_id = 'mx') h
                        join inventory_domain_v d on d.id = h.domain_id
                        where h.rn <= :n
                        group by h.domain_id, d.a_label
                        having count(*) = :n and bool_and(h.status = 'ERROR')
                        """)
                .param("n", n)
                .query((rs, i) -> new Streak(
                        rs.getLong(1), rs.getString(2), rs.getTimestamp(3).toInstant(), rs.getString(4)))
                .list();
        Set<String> holding = new TreeSet<>();
        int written = 0;
        for (Streak s : streaks) {
            written += raiseOnce(
                    NotificationKind.DOMAIN_ERROR,
                    s.domainId(),
                    "mx",
                    now,
                    holding,
                    () -> alert(
                            NotificationKind.DOMAIN_ERROR,
                            s.domainId(),
                            s.domain(),
                            "mx",
                            s.target(),
                            "ERROR",
                            List.of(),
                            null,
                            "not measured in the last " + n + " scans",
                            s.since(),
                            now));
        }
        store.clearAlertsExcept(NotificationKind.DOMAIN_ERROR.name(), holding);
        return written;
    }

    private int lasting(Instant now) {
        String kind = "LASTING";
        Set<String> holding = new TreeSet<>();
        int written = 0;
        for (NotificationEvent e : store.lastingRegressions()) {
            // the announcement itself counts as the first alert: a reminder comes renotify-after later
            String subject = e.check() + " " + e.target() + " " + e.id();
            holding.add(e.domainId() + " " + subject);
            store.seedAlert(kind, e.domainId(), subject, e.createdAt());
            if (store.claimAlert(kind, e.domainId(), subject, now, now.minus(properties.renotifyAfter()))) {
                String still = "still " + e.newStatus() + " since " + MessageText.TIME.format(e.since());
                String evidence = e.evidence().startsWith("still ")
                        ? e.evidence()
                        : still + (e.evidence().isEmpty() ? "" : ": " + e.evidence());
                written += announce(new NotificationEvent(
                        0,
                        e.kind(),
                        0,
                        e.domainId(),
                        e.domain(),
                        e.check(),
                        e.target(),
                        e.oldStatus(),
                        e.newStatus(),
                        e.codes(),
                        e.mitigation(),
                        evidence,
                        e.since(),
                        now,
                        e.changeId()));
            }
        }
        store.clearAlertsExcept(kind, holding);
        return written;
    }

    private int reports(Instant now) {
        ReportIntake intake = reports.getIfAvailable();
        if (intake == null) {
            return 0;
        }
        NotificationsProperties.ReportAlerts r = properties.reports();
        LocalDate today = LocalDate.ofInstant(now, ZoneOffset.UTC);
        LocalDate recentFrom = today.minusDays(r.recentDays());
        LocalDate recentTo = today.minusDays(1);
        LocalDate baseFrom = recentFrom.minusDays(r.baselineDays());
        LocalDate baseTo = recentFrom.minusDays(1);
        Map<Long, DomainPassRate> before = intake.passRatesOfEveryDomain(baseFrom, baseTo).stream()
                .collect(Collectors.toMap(DomainPassRate::domainId, Function.identity()));
        String recent = "the last " + r.recentDays() + " days (" + recentFrom + " to " + recentTo + ")";
        String baseline = "the " + r.baselineDays() + " days before";
        Set<String> dmarcHolding = new TreeSet<>();
        Set<String> tlsHolding = new TreeSet<>();
        int written = 0;
        for (DomainPassRate d : intake.passRatesOfEveryDomain(recentFrom, recentTo)) {
            DomainPassRate b = before.get(d.domainId());
            if (b != null
                    && d.messages() >= r.minMessages()
                    && b.messages() >= r.minMessages()
                    && (b.passRate() - d.passRate()) * 100 >= r.dmarcDropPoints()) {
                dmarcHolding.add(d.domainId() + " dmarc");
                if (store.claimAlert(
                        NotificationKind.DMARC_PASS_RATE_DROP.name(),
                        d.domainId(),
                        "dmarc",
                        now,
                        now.minus(properties.renotifyAfter()))) {
                    written += announce(reportEvent(
                            NotificationKind.DMARC_PASS_RATE_DROP,
                            d,
                            "dmarc",
                            "layered-auth",
                            "DMARC pass rate " + percent(d.passing(), d.messages()) + " % of " + d.messages()
                                    + " messages in " + recent + ", " + percent(b.passing(), b.messages())
                                    + " % of " + b.messages() + " in " + baseline,
                            recentFrom,
                            now));
                }
            }
            List<String> reasons = new java.util.ArrayList<>();
            if (d.tlsSessions() >= r.minSessions() && d.tlsFailed() * 100 > r.tlsFailedPercent() * d.tlsSessions()) {
                reasons.add("share");
            }
            Set<String> known = b == null || b.tlsSessions() == 0 ? null : new HashSet<>(b.tlsResultTypes());
            List<String> fresh = known == null
                    ? List.of()
                    : d.tlsResultTypes().stream()
                            .filter(t -> !known.contains(t))
                            .toList();
            fresh.forEach(t -> reasons.add("type " + (t.length() > 200 ? t.substring(0, 200) : t)));
            for (String subject : reasons) {
                tlsHolding.add(d.domainId() + " " + subject);
            }
            boolean announce = false;
            for (String subject : reasons) {
                announce |= store.claimAlert(
                        NotificationKind.TLS_FAILURES_RISING.name(),
                        d.domainId(),
                        subject,
                        now,
                        now.minus(properties.renotifyAfter()));
            }
            if (announce) {
                written += announce(reportEvent(
                        NotificationKind.TLS_FAILURES_RISING,
                        d,
                        "tls-rpt",
                        "tls",
                        d.tlsFailed() + " of " + d.tlsSessions() + " TLS sessions failed ("
                                + percent(d.tlsFailed(), d.tlsSessions()) + " %) in " + recent
                                + (d.tlsResultTypes().isEmpty() ? "" : ": " + String.join(", ", d.tlsResultTypes()))
                                + (fresh.isEmpty() ? "" : "; new since " + baseline + ": " + String.join(", ", fresh)),
                        recentFrom,
                        now));
            }
        }
        store.clearAlertsExcept(NotificationKind.DMARC_PASS_RATE_DROP.name(), dmarcHolding);
        store.clearAlertsExcept(NotificationKind.TLS_FAILURES_RISING.name(), tlsHolding);
        return written;
    }

    private static NotificationEvent reportEvent(
            NotificationKind kind,
            DomainPassRate d,
            String check,
            String mitigation,
            String evidence,
            LocalDate since,
            Instant now) {
        return new NotificationEvent(
                0,
                kind,
                0,
                d.domainId(),
                d.domain(),
                check,
                d.domain(),
                null,
                null,
                List.of(),
                mitigation,
                evidence,
                since.atStartOfDay(ZoneOffset.UTC).toInstant(),
                now,
                null);
    }

    private static long percent(long part, long whole) {
        return whole == 0 ? 0 : Math.floorDiv(100 * part, whole);
    }

    /**
     * Announces the event once while its condition holds for the domain and subject (again after {@code
     * renotify-after}), and remembers the subject as holding, so that {@code clearAlertsExcept} forgets only the
     * conditions that ended. The event is built only when it is announced.
     */
    private int raiseOnce(
            NotificationKind kind,
            long domainId,
            String subject,
            Instant now,
            Set<String> holding,
            Supplier<NotificationEvent> event) {
        holding.add(domainId + " " + subject);
        if (!store.claimAlert(kind.name(), domainId, subject, now, now.minus(properties.renotifyAfter()))) {
            return 0;
        }
        return announce(event.get());
    }

    /** An event of the sweep: no change behind it, no previous status; the team is set by {@link #announce}. */
    private static NotificationEvent alert(
            NotificationKind kind,
            long domainId,
            String domain,
            String check,
            String target,
            String newStatus,
            List<String> codes,
            String mitigation,
            String evidence,
            Instant since,
            Instant now) {
        return new NotificationEvent(
                0,
                kind,
                0,
                domainId,
                domain,
                check,
                target,
                null,
                newStatus,
                codes,
                mitigation,
                evidence,
                since,
                now,
                null);
    }

    private int announce(NotificationEvent e) {
        Optional<Outbox.DomainInfo> d = outbox.domain(e.domainId());
        if (d.isEmpty()) {
            return 0;
        }
        NotificationEvent withTeam = new NotificationEvent(
                e.id(),
                e.kind(),
                d.get().teamId(),
                e.domainId(),
                e.domain(),
                e.check(),
                e.target(),
                e.oldStatus(),
                e.newStatus(),
                e.codes(),
                e.mitigation(),
                e.evidence(),
                e.since(),
                e.createdAt(),
                e.changeId());
        return outbox.publish(withTeam, d.get().tags()) > 0 ? 1 : 0;
    }

    private static Instant parse(String s) {
        try {
            return s == null ? null : Instant.parse(s);
        } catch (java.time.format.DateTimeParseException e) {
            return null;
        }
    }
}
