package dev.mailward.notifications;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mailward.MailwardIntegrationTest;
import dev.mailward.accounts.Accounts;
import dev.mailward.accounts.AccountsTestSupport;
import dev.mailward.accounts.TeamRef;
import dev.mailward.probe.TargetPolicy;
import dev.mailward.shared.SecretBox;
import java.net.InetAddress;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The conditions no single change announces and the limits of sending, on the real outbox: the sweep over the
 * recorded results (certificate expiring within 21, 7 and 1 days; an accepted finding expiring within 7 days; a
 * domain ERROR in N scans in a row; DNSSEC signatures expiring; a regression whose result stays bad), each
 * announced once while it holds and again after {@code renotify-after};
 * the per-channel hourly limit with its summary; the daily digest; and hostile evidence escaped in the HTML
 * e-mail. The sweep takes the time as an argument, so days pass without waiting.
 */
@MailwardIntegrationTest
class NotificationConditionsIntegrationTests {

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    AccountsTestSupport accounts;

    @Autowired
    Accounts accountsFacade;

    @Autowired
    OutboxStore outbox;

    @Autowired
    Outbox publisher;

    @Autowired
    ChannelStore channels;

    @Autowired
    SecretBox secrets;

    @Autowired
    EmailSender email;

    @Autowired
    MessageText text;

    @Autowired
    WebhookPayloads payloads;

    @Autowired
    TransactionTemplate tx;

    @Autowired
    NotificationsProperties properties;

    @Autowired
    NotificationMetrics metrics;

    @Autowired
    Sweep sweep;

    @Test
    void certificateExpiryIsAnnouncedOncePerThresholdOf21And7And1Days() {
        TeamRef team = accounts.team("certs");
        long domain = domain(team, "certs");
        channel(team, "http://127.0.0.1:9/hook", false);
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        long run = run(domain, now);
        jdbc.update(
                """
                insert into current_result (domain_id, check_id, target, result_id, run_id, status, findings, evidence,
                                            dns_hash, checked_at, elapsed_ms)
                values (?, 'certificate', 'mx.certs.test:25', 0, ?, 'PASS', '[]'::jsonb, ?::jsonb, '', ?, 1)
                """,
                domain,
                run,
                """
                {"certificates":[{"subject":"CN=mx.certs.test","notAfter":"%s"}]}
                """.formatted(now.plus(Duration.ofDays(20)).plus(Duration.ofHours(12))),
                Timestamp.from(now));

        assertThat(sweepAt(now, domain, "CERTIFICATE_EXPIRING"))
                .as("20 days left: within 21")
                .hasSize(1);
        assertThat(sweepAt(now.plus(Duration.ofHours(1)), domain, "CERTIFICATE_EXPIRING"))
                .as("still 20 days: not repeated")
                .isEmpty();
        assertThat(sweepAt(now.plus(Duration.ofDays(6)), domain, "CERTIFICATE_EXPIRING"))
                .as("14 days left: still the 21-day threshold, announced less than renotify-after ago")
                .isEmpty();
        assertThat(sweepAt(now.plus(Duration.ofDays(14)), domain, "CERTIFICATE_EXPIRING"))
                .as("6 days left: the 7-day threshold")
                .singleElement()
                .asString()
                .contains("6 days");
        assertThat(sweepAt(now.plus(Duration.ofDays(15)), domain, "CERTIFICATE_EXPIRING"))
                .isEmpty();
        assertThat(sweepAt(now.plus(Duration.ofDays(20)), domain, "CERTIFICATE_EXPIRING"))
                .as("12 hours left: the 1-day threshold")
                .singleElement()
                .asString()
                .contains("0 days")
                .contains("CN=mx.certs.test");
        assertThat(sweepAt(now.plus(Duration.ofDays(22)), domain, "CERTIFICATE_EXPIRING"))
                .as("expired: no longer an expiry warning")
                .isEmpty();
    }

    @Test
    void zoneSignaturesExpiringWithin7DaysAreAnnouncedOnceFromTheRecordedDnssecEvidence() {
        TeamRef team = accounts.team("rrsig");
        String name = "rrsig-" + UUID.randomUUID().toString().substring(0, 8) + ".test";
        long domain = domainNamed(team, name);
        channel(team, "http://127.0.0.1:9/hook", false);
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        Instant expires = now.plus(Duration.ofDays(10));
        jdbc.update("""
                insert into current_result (domain_id, check_id, target, result_id, run_id, status, findings, evidence,
                                            dns_hash, checked_at, elapsed_ms)
                values (?, 'dnssec', ?, 0, ?, 'PASS', '[]'::jsonb, ?::jsonb, '', ?, 1)
                """, domain, name, run(domain, now), """
                {"rrsigExpires":"%s"}
                """.formatted(expires), Timestamp.from(now));

        assertThat(sweepAt(now, domain, "RRSIG_EXPIRING")).as("10 days left").isEmpty();
        assertThat(sweepAt(now.plus(Duration.ofDays(4)), domain, "RRSIG_EXPIRING"))
                .as("6 days left: within 7")
                .singleElement()
                .asString()
                .contains("expires " + MessageText.TIME.format(expires))
                .contains("6 days");
        assertThat(sweepAt(now.plus(Duration.ofDays(5)), domain, "RRSIG_EXPIRING"))
                .as("not repeated while it holds")
                .isEmpty();
        // the zone was re-signed and the next scan recorded the new signatures
        jdbc.update(
                "update current_result set evidence = ?::jsonb where domain_id = ? and check_id = 'dnssec'",
                "{\"rrsigExpires\":\"%s\"}".formatted(now.plus(Duration.ofDays(35))),
                domain);
        assertThat(sweepAt(now.plus(Duration.ofDays(6)), domain, "RRSIG_EXPIRING"))
                .isEmpty();
        assertThat(sweepAt(now.plus(Duration.ofDays(30)), domain, "RRSIG_EXPIRING"))
                .as("the new signatures come close in their turn")
                .hasSize(1);
    }

    @Test
    void aRegressionThatStaysBadIsNotRepeatedAndAnnouncedAgainAfterTheRenotifyDays() {
        TeamRef team = accounts.team("lasting");
        String name = "lasting-" + UUID.randomUUID().toString().substring(0, 8) + ".test";
        long domain = domainNamed(team, name);
        channel(team, "http://127.0.0.1:9/hook", false);
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        jdbc.update("""
                insert into current_result (domain_id, check_id, target, result_id, run_id, status, findings, evidence,
                                            dns_hash, checked_at, elapsed_ms)
                values (?, 'dmarc', ?, 0, ?, 'FAIL', '[]'::jsonb, '{}'::jsonb, '', ?, 1)
                """, domain, name, run(domain, now), Timestamp.from(now));
        NotificationEvent regression = new NotificationEvent(
                0,
                NotificationKind.REGRESSION,
                team.id(),
                domain,
                name,
                "dmarc",
                name,
                "WARN",
                "FAIL",
                List.of("DMARC_MISSING"),
                "layered-auth",
                "no DMARC record",
                now,
                now,
                null);
        tx.executeWithoutResult(s -> publisher.publish(regression, List.of()));

        assertThat(sweepAt(now.plus(Duration.ofHours(1)), domain, "REGRESSION"))
                .as("the scan that announced it is enough for now")
                .isEmpty();
        assertThat(sweepAt(now.plus(Duration.ofDays(6)), domain, "REGRESSION")).isEmpty();
        assertThat(sweepAt(now.plus(Duration.ofDays(7)).plusSeconds(1), domain, "REGRESSION"))
                .as("still FAIL after renotify-after (7 days)")
                .singleElement()
                .asString()
                .startsWith("still FAIL since " + MessageText.TIME.format(now) + ": no DMARC record")
                .contains("DMARC_MISSING");
        assertThat(sweepAt(now.plus(Duration.ofDays(8)), domain, "REGRESSION"))
                .as("the reminder counts as an announcement")
                .isEmpty();
        assertThat(sweepAt(now.plus(Duration.ofDays(14)).plusSeconds(2), domain, "REGRESSION"))
                .singleElement()
                .asString()
                .startsWith("still FAIL since " + MessageText.TIME.format(now) + ": no DMARC record");

        jdbc.update("update current_result set status = 'WARN' where domain_id = ? and check_id = 'dmarc'", domain);
        assertThat(sweepAt(now.plus(Duration.ofDays(30)), domain, "REGRESSION"))
                .as("no longer the status announced")
                .isEmpty();
    }

    @Test
    void exceptionExpiringWithin7DaysIsAnnouncedOnceAndAgainAfterTheRenotifyDays() {
        TeamRef team = accounts.team("exc");
        long domain = domain(team, "exc");
        channel(team, "http://127.0.0.1:9/hook", false);
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        LocalDate today = LocalDate.ofInstant(now, ZoneOffset.UTC);
        exception(domain, "DMARC_NO_RUA", today.plusDays(7));
        exception(domain, "SPF_SOFTFAIL_ALL", today.plusDays(30));

        assertThat(sweepAt(now, domain, "EXCEPTION_EXPIRING"))
                .as("only the one expiring within 7 days")
                .singleElement()
                .asString()
                .contains("DMARC_NO_RUA");
        assertThat(sweepAt(now.plus(Duration.ofHours(1)), domain, "EXCEPTION_EXPIRING"))
                .as("not repeated at every sweep")
                .isEmpty();
        assertThat(sweepAt(now.plus(Duration.ofDays(6)), domain, "EXCEPTION_EXPIRING"))
                .isEmpty();
        assertThat(properties.renotifyAfter()).isEqualTo(Duration.ofDays(7));
        assertThat(sweepAt(now.plus(Duration.ofDays(7)).plusSeconds(1), domain, "EXCEPTION_EXPIRING"))
                .as("still holding after renotify-after (7 days): announced again")
                .singleElement()
                .asString()
                .contains("DMARC_NO_RUA");
    }

    @Test
    void domainErrorIsAnnouncedAfterNScansInARowAndForgottenWhenItIsMeasuredAgain() {
        TeamRef team = accounts.team("err");
        long domain = domain(team, "err");
        channel(team, "http://127.0.0.1:9/hook", false);
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        int n = properties.errorScans();
        mxResult(domain, "PASS", now.minus(Duration.ofHours(n + 1)));
        for (int i = n - 1; i >= 1; i--) {
            mxResult(domain, "ERROR", now.minus(Duration.ofHours(i)));
        }
        assertThat(sweepAt(now, domain, "DOMAIN_ERROR"))
                .as("%d ERRORs in a row: not yet", n - 1)
                .isEmpty();

        mxResult(domain, "ERROR", now);
        assertThat(sweepAt(now.plus(Duration.ofMinutes(1)), domain, "DOMAIN_ERROR"))
                .as("%d ERRORs in a row", n)
                .singleElement()
                .asString()
                .contains("last " + n + " scans");
        mxResult(domain, "ERROR", now.plus(Duration.ofHours(1)));
        assertThat(sweepAt(now.plus(Duration.ofHours(1)), domain, "DOMAIN_ERROR"))
                .as("another ERROR scan: not repeated")
                .isEmpty();

        mxResult(domain, "PASS", now.plus(Duration.ofHours(2)));
        assertThat(sweepAt(now.plus(Duration.ofHours(2)), domain, "DOMAIN_ERROR"))
                .isEmpty();
        for (int i = 0; i < n; i++) {
            mxResult(domain, "ERROR", now.plus(Duration.ofHours(3 + i)));
        }
        assertThat(sweepAt(now.plus(Duration.ofHours(3 + n)), domain, "DOMAIN_ERROR"))
                .as("a new streak after a measured scan is announced at once")
                .hasSize(1);
    }

    @Test
    void aChannelOverItsHourlyLimitHoldsTheRestBackInOneSummary() throws Exception {
        TeamRef team = accounts.team("rate");
        try (WebhookReceiver receiver = new WebhookReceiver()) {
            long channel = channel(team, receiver.url(), false);
            for (int i = 0; i < 5; i++) {
                outbox.insertDelivery(
                        event(team, "rate.test", "no DMARC record"), channel, "PENDING", "EVENT", Instant.now());
            }
            Dispatcher d = loopbackDispatcher(3);
            drain(d);
            assertThat(receiver.received()).as("3 an hour").hasSize(3);
            assertThat(jdbc.queryForObject(
                            "select count(*) from notification_delivery where channel_id = ? and status = 'SUPPRESSED'",
                            Integer.class,
                            channel))
                    .isEqualTo(2);
            assertThat(jdbc.queryForObject(
                            "select summary_count from notification_delivery where channel_id = ? and purpose = 'SUMMARY'",
                            Integer.class,
                            channel))
                    .isEqualTo(2);
            drain(d);
            assertThat(receiver.received())
                    .as("the summary waits for the hour to end")
                    .hasSize(3);

            // the hour is over
            jdbc.update(
                    "update notification_delivery set sent_at = sent_at - interval '61 minutes', "
                            + "next_attempt_at = now() where channel_id = ?",
                    channel);
            drain(d);
            assertThat(receiver.received()).hasSize(4);
            assertThat(receiver.received().get(3).body())
                    .contains("\"kind\":\"SUMMARY\"")
                    .contains("\"heldBack\":2");
        }
    }

    @Test
    void aDigestChannelGetsTheDaysEventsInOneMessageOncePerDay() throws Exception {
        TeamRef team = accounts.team("digest");
        long domain = domain(team, "digest");
        try (WebhookReceiver receiver = new WebhookReceiver()) {
            long channel = channel(team, receiver.url(), true);
            tx.executeWithoutResult(s -> {
                publisher.publish(event(team, domain, "first.test", "first"), List.of());
                publisher.publish(event(team, domain, "second.test", "second"), List.of());
            });
            Dispatcher d = loopbackDispatcher(20);
            drain(d);
            assertThat(receiver.received())
                    .as("events of a digest channel wait")
                    .isEmpty();

            Instant now = Instant.now();
            assertThat(d.queueDigests(now)).isPositive();
            assertThat(d.queueDigests(now.plusSeconds(60)))
                    .as("one digest a day")
                    .isZero();
            drain(d);
            assertThat(receiver.received()).hasSize(1);
            assertThat(receiver.received().getFirst().body())
                    .contains("\"kind\":\"DIGEST\"")
                    .contains("first")
                    .contains("second");

            tx.executeWithoutResult(s -> publisher.publish(event(team, domain, "third.test", "third"), List.of()));
            assertThat(d.queueDigests(now.plus(Duration.ofDays(1)))).isPositive();
            // the next day has come
            jdbc.update(
                    "update notification_delivery set next_attempt_at = now() where channel_id = ? and status = 'PENDING'",
                    channel);
            drain(d);
            assertThat(receiver.received())
                    .as("the next day's digest has the next day's events")
                    .hasSize(2);
            assertThat(receiver.received().get(1).body()).contains("third").doesNotContain("second.test");
        }
    }

    @Test
    void hostileEvidenceIsEscapedInTheHtmlMailAndVerbatimInThePlainText() {
        String script = "<script>alert(1)</script>";
        String img = "\"><img src=x onerror=alert(2)>";
        NotificationEvent e = new NotificationEvent(
                1,
                NotificationKind.REGRESSION,
                1,
                1L,
                "hostile.test",
                "dmarc",
                "hostile.test" + img,
                "PASS",
                "FAIL",
                List.of("DMARC_MISSING"),
                "layered-auth",
                "record " + script + " and " + img,
                Instant.now(),
                Instant.now(),
                null);
        Message m = new Message("EVENT", 1, List.of(e), 0, "team <b>x</b>");

        String html = email.html(m);
        assertThat(html)
                .doesNotContain(script)
                .doesNotContain("<img")
                .doesNotContain("<b>x</b>")
                .contains("&lt;script&gt;alert(1)&lt;/script&gt;")
                .contains("&quot;&gt;&lt;img src=x onerror=alert(2)&gt;")
                .contains("team &lt;b&gt;x&lt;/b&gt;");
        String plain = text.plain(m);
        assertThat(plain).contains(script).contains(img);
    }

    private List<String> sweepAt(Instant now, long domain, String kind) {
        long before = lastEvent();
        sweep.run(now);
        return jdbc.queryForList(
                "select evidence || ' ' || array_to_string(codes, ',') from notification_event "
                        + "where id > ? and domain_id = ? and kind = ?",
                String.class,
                before,
                domain,
                kind);
    }

    private long lastEvent() {
        return jdbc.queryForObject("select coalesce(max(id), 0) from notification_event", Long.class);
    }

    private long domain(TeamRef team, String prefix) {
        return domainNamed(team, prefix + "-" + UUID.randomUUID().toString().substring(0, 8) + ".test");
    }

    private long domainNamed(TeamRef team, String name) {
        return jdbc.queryForObject("""
                insert into domain (a_label, u_label, team_id, created_at, created_by, updated_at, discovery_status)
                values (?, ?, ?, now(), 'test', now(), 'MX_FOUND') returning id
                """, Long.class, name, name, team.id());
    }

    private long run(long domain, Instant at) {
        return jdbc.queryForObject(
                "insert into check_run (domain_id, trigger, started_at, finished_at, status) "
                        + "values (?, 'SCHEDULED', ?, ?, 'DONE') returning id",
                Long.class,
                domain,
                Timestamp.from(at),
                Timestamp.from(at));
    }

    private void mxResult(long domain, String status, Instant at) {
        jdbc.update("""
                insert into check_result (run_id, domain_id, check_id, target, status, findings, evidence, dns_hash,
                                          checked_at, elapsed_ms)
                values (?, ?, 'mx', 'domain', ?, '[]'::jsonb, '{}'::jsonb, '', ?, 1)
                """, run(domain, at), domain, status, Timestamp.from(at));
    }

    private void exception(long domain, String code, LocalDate expires) {
        jdbc.update("""
                insert into finding_exception (domain_id, check_id, target, finding_code, reason, expires_on,
                                               created_by, created_at)
                values (?, 'dmarc', 'domain', ?, 'accepted', ?, 'test', now())
                """, domain, code, expires);
    }

    private long channel(TeamRef team, String url, boolean digest) {
        return channels.insert(
                new ChannelCommand(
                        team.id(),
                        "hook",
                        ChannelKind.WEBHOOK,
                        List.of(url),
                        null,
                        PayloadFormat.GENERIC,
                        null,
                        List.of(),
                        List.of(),
                        digest,
                        true),
                secrets.seal("0123456789abcdef-secret"),
                "test",
                Instant.now());
    }

    private long event(TeamRef team, String domain, String evidence) {
        return outbox.insertEvent(event(team, null, domain, evidence));
    }

    private static NotificationEvent event(TeamRef team, Long domainId, String domain, String evidence) {
        Instant now = Instant.now();
        return new NotificationEvent(
                0,
                NotificationKind.REGRESSION,
                team.id(),
                domainId,
                domain,
                "dmarc",
                domain,
                "PASS",
                "FAIL",
                List.of("DMARC_MISSING"),
                "layered-auth",
                evidence,
                now,
                now,
                null);
    }

    /**
     * Runs the dispatcher until nothing is due: the suite's database may hold other tests' due deliveries
     * (to receivers long closed), which one poll of {@code batch-size} handles first.
     */
    static void drain(Dispatcher d) {
        for (int i = 0; i < 100 && d.runOnce() > 0; i++) {
            // the next poll
        }
    }

    private Dispatcher loopbackDispatcher(int ratePerHour) {
        NotificationsProperties p = new NotificationsProperties(
                properties.from(),
                false,
                properties.pollInterval(),
                properties.batchSize(),
                properties.firstRetry(),
                properties.maxRetryDelay(),
                properties.retryFor(),
                properties.webhookTimeout(),
                properties.certificateDays(),
                properties.rrsigDays(),
                properties.exceptionDays(),
                properties.errorScans(),
                properties.renotifyAfter(),
                ratePerHour,
                properties.sweepInterval(),
                properties.digestHour(),
                properties.secretKey(),
                properties.secretKeyFile(),
                properties.reports());
        WebhookSender webhook = new WebhookSender(
                TargetPolicy.allowing(List.of("127.0.0.0/8")),
                host -> List.of(InetAddress.getLoopbackAddress()),
                Duration.ofSeconds(2));
        return new Dispatcher(
                outbox,
                channels,
                new Senders(email, webhook, payloads, secrets),
                accountsFacade,
                tx,
                p,
                metrics,
                sweep);
    }
}
