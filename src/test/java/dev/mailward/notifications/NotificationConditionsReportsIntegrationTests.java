package dev.mailward.notifications;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mailward.MailwardIntegrationTest;
import dev.mailward.accounts.AccountsTestSupport;
import dev.mailward.accounts.TeamRef;
import dev.mailward.reportintake.ReportRowsFixture;
import dev.mailward.shared.SecretBox;
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

/**
 * The two conditions the DMARC and TLS reports announce, on the real outbox and the sweep: a DMARC pass rate
 * over the last 7 days at least 10 points below the 30 days before (each with 100 messages at least), and TLS
 * failures over 5 % of the sessions or of a result type the days before did not have; each announced once while
 * it holds, forgotten when it ends, and delivered to a channel that subscribed to its kind only.
 */
@MailwardIntegrationTest
class NotificationConditionsReportsIntegrationTests {

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    AccountsTestSupport accounts;

    @Autowired
    ChannelStore channels;

    @Autowired
    SecretBox secrets;

    @Autowired
    Sweep sweep;

    private final Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    private final LocalDate today = LocalDate.ofInstant(now, ZoneOffset.UTC);

    @Test
    void aDmarcPassRateDropIsAnnouncedOnceWhileItHoldsAndNotForTooFewMessages() {
        TeamRef team = accounts.team("dmarc-drop");
        String name = name("drop");
        long domain = domain(team, name);
        long onlyTls = channel(team, List.of(NotificationKind.TLS_FAILURES_RISING));
        long onlyDmarc = channel(team, List.of(NotificationKind.DMARC_PASS_RATE_DROP));
        ReportRowsFixture reports = new ReportRowsFixture(jdbc);
        // the 30 days before the last 7: 98 % pass
        reports.dmarc(domain, name, today.minusDays(20), "192.0.2.25", 980, true, true);
        reports.dmarc(domain, name, today.minusDays(20), "198.51.100.66", 20, false, false);
        // the last 7 days: 85 % pass, 13 points less
        reports.dmarc(domain, name, today.minusDays(2), "192.0.2.25", 170, true, true);
        reports.dmarc(domain, name, today.minusDays(2), "198.51.100.66", 30, false, false);

        List<String> first = sweepAt(now, domain, "DMARC_PASS_RATE_DROP");
        assertThat(first).singleElement().asString().contains("DMARC pass rate 85 % of 200 messages", "98 % of 1000");
        long event = lastEvent(domain, "DMARC_PASS_RATE_DROP");
        assertThat(deliveries(event))
                .as("only the channel that subscribed to it")
                .containsExactly(onlyDmarc);
        assertThat(onlyTls).isNotEqualTo(onlyDmarc);
        assertThat(sweepAt(now.plus(Duration.ofHours(1)), domain, "DMARC_PASS_RATE_DROP"))
                .as("still bad: not repeated")
                .isEmpty();

        // the rate recovers: the condition is forgotten, and a later drop is announced again
        reports.dmarc(domain, name, today.minusDays(1), "192.0.2.25", 2000, true, true);
        assertThat(sweepAt(now.plus(Duration.ofHours(2)), domain, "DMARC_PASS_RATE_DROP"))
                .isEmpty();
        reports.dmarc(domain, name, today.minusDays(1), "198.51.100.66", 2000, false, false);
        assertThat(sweepAt(now.plus(Duration.ofHours(3)), domain, "DMARC_PASS_RATE_DROP"))
                .hasSize(1);
    }

    @Test
    void aDropOnFewMessagesIsNotAnnounced() {
        TeamRef team = accounts.team("dmarc-few");
        String name = name("few");
        long domain = domain(team, name);
        channel(team, null);
        ReportRowsFixture reports = new ReportRowsFixture(jdbc);
        reports.dmarc(domain, name, today.minusDays(20), "192.0.2.25", 1000, true, true);
        // 50 % of 40 messages: fewer than 100
        reports.dmarc(domain, name, today.minusDays(2), "192.0.2.25", 20, true, true);
        reports.dmarc(domain, name, today.minusDays(2), "198.51.100.66", 20, false, false);
        assertThat(sweepAt(now, domain, "DMARC_PASS_RATE_DROP")).isEmpty();
    }

    @Test
    void tlsFailuresOverTheShareOrOfANewResultTypeAreAnnouncedOnce() {
        TeamRef team = accounts.team("tls-rise");
        String name = name("tls");
        long domain = domain(team, name);
        channel(team, null);
        ReportRowsFixture reports = new ReportRowsFixture(jdbc);
        reports.tls(domain, name, today.minusDays(20), 1000, 10, "certificate-expired");
        // 2 % failed, of the type seen before: nothing to say
        reports.tls(domain, name, today.minusDays(3), 490, 10, "certificate-expired");
        assertThat(sweepAt(now, domain, "TLS_FAILURES_RISING")).isEmpty();

        // a new result type, still under 5 %
        reports.tls(domain, name, today.minusDays(2), 500, 3, "sts-policy-fetch-error");
        assertThat(sweepAt(now.plus(Duration.ofHours(1)), domain, "TLS_FAILURES_RISING"))
                .singleElement()
                .asString()
                .contains("new since the 30 days before: sts-policy-fetch-error");
        assertThat(sweepAt(now.plus(Duration.ofHours(2)), domain, "TLS_FAILURES_RISING"))
                .isEmpty();

        // over 5 % of the sessions: a further condition, announced once
        reports.tls(domain, name, today.minusDays(1), 0, 200, "certificate-expired");
        assertThat(sweepAt(now.plus(Duration.ofHours(3)), domain, "TLS_FAILURES_RISING"))
                .singleElement()
                .asString()
                .contains("213 of 1203 TLS sessions failed (17 %)");
        assertThat(sweepAt(now.plus(Duration.ofHours(4)), domain, "TLS_FAILURES_RISING"))
                .isEmpty();
    }

    private List<String> sweepAt(Instant at, long domain, String kind) {
        long before = jdbc.queryForObject("select coalesce(max(id), 0) from notification_event", Long.class);
        sweep.run(at);
        return jdbc.queryForList(
                "select evidence from notification_event where id > ? and domain_id = ? and kind = ?",
                String.class,
                before,
                domain,
                kind);
    }

    private long lastEvent(long domain, String kind) {
        return jdbc.queryForObject(
                "select max(id) from notification_event where domain_id = ? and kind = ?", Long.class, domain, kind);
    }

    private List<Long> deliveries(long event) {
        return jdbc.queryForList(
                "select channel_id from notification_delivery where event_id = ? order by channel_id",
                Long.class,
                event);
    }

    private static String name(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8) + ".test";
    }

    private long domain(TeamRef team, String name) {
        return jdbc.queryForObject("""
                insert into domain (a_label, u_label, team_id, created_at, created_by, updated_at, discovery_status)
                values (?, ?, ?, now(), 'test', now(), 'MX_FOUND') returning id
                """, Long.class, name, name, team.id());
    }

    private long channel(TeamRef team, List<NotificationKind> events) {
        return channels.insert(
                new ChannelCommand(
                        team.id(),
                        "hook",
                        ChannelKind.WEBHOOK,
                        List.of("http://127.0.0.1:9/hook"),
                        null,
                        PayloadFormat.GENERIC,
                        events == null ? null : java.util.Set.copyOf(events),
                        List.of(),
                        List.of(),
                        false,
                        true),
                secrets.seal("0123456789abcdef-secret"),
                "test",
                Instant.now());
    }
}
