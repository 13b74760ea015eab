package dev.mailward.results;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mailward.MailwardIntegrationTest;
import dev.mailward.accounts.AccountsTestSupport;
import dev.mailward.checks.CheckResult;
import dev.mailward.checks.Evidence;
import dev.mailward.checks.Finding;
import dev.mailward.checks.Status;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

/** The results store against the embedded database: what a re-judge may make current. */
@MailwardIntegrationTest
class ResultStoreIntegrationTests {

    @Autowired
    ResultStore store;

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    AccountsTestSupport accounts;

    @Test
    void aReJudgedOlderObservationNeverReplacesAResultAScanRecordedMeanwhile() {
        String name = AccountsTestSupport.unique("store").toLowerCase() + ".test";
        long domainId = jdbc.queryForObject(
                """
                insert into domain (a_label, u_label, team_id, created_at, created_by, updated_at, discovery_status)
                values (?, ?, ?, now(), 'test', now(), 'MX_FOUND') returning id
                """, Long.class, name, name, accounts.team("store").id());
        Instant older = Instant.now().truncatedTo(ChronoUnit.MILLIS).minusSeconds(3600);
        Instant newer = older.plusSeconds(1800);

        // the scan that recorded while the re-judge ran: its result is the newer one
        long scan = store.startRun(domainId, ScanTrigger.MANUAL, newer, "test");
        store.appendAll(scan, domainId, List.of(spf(name, Status.PASS, newer)), 1);
        // the re-judge of the observation it had read before: older
        long rejudge = store.startRun(domainId, ScanTrigger.REJUDGE, Instant.now(), "rejudge");
        store.appendAll(rejudge, domainId, List.of(spf(name, Status.FAIL, older)), 1);

        assertThat(jdbc.queryForObject(
                        "select status || ' ' || run_id from current_result where domain_id = ? and check_id = 'spf'",
                        String.class,
                        domainId))
                .isEqualTo("PASS " + scan);
        assertThat(jdbc.queryForObject("select count(*) from check_result where run_id = ?", Integer.class, rejudge))
                .as("the re-judged result is still in the history")
                .isEqualTo(1);

        // re-judging the same observation again (equal times) does make it current
        long again = store.startRun(domainId, ScanTrigger.REJUDGE, Instant.now(), "rejudge");
        store.appendAll(again, domainId, List.of(spf(name, Status.WARN, newer)), 1);
        assertThat(jdbc.queryForObject(
                        "select status || ' ' || run_id from current_result where domain_id = ? and check_id = 'spf'",
                        String.class,
                        domainId))
                .isEqualTo("WARN " + again);
    }

    @Test
    void ofTwoScansAtOnceTheNewerObservationIsKeptWhicheverRecordsLast() {
        String name = AccountsTestSupport.unique("obs").toLowerCase() + ".test";
        long domainId = jdbc.queryForObject(
                """
                insert into domain (a_label, u_label, team_id, created_at, created_by, updated_at, discovery_status)
                values (?, ?, ?, now(), 'test', now(), 'MX_FOUND') returning id
                """, Long.class, name, name, accounts.team("obs").id());
        Instant first = Instant.now().truncatedTo(ChronoUnit.MILLIS).minusSeconds(60);
        Instant second = first.plusSeconds(30);
        long early = store.startRun(domainId, ScanTrigger.MANUAL, first, "test");
        long late = store.startRun(domainId, ScanTrigger.SCHEDULED, second, "test");

        // the later scan records first, the earlier one last
        store.saveObservation(late, domainId, second, 1, 1, 5, "{\"n\":2}", null);
        store.saveObservation(early, domainId, first, 1, 1, 5, "{\"n\":1}", null);

        assertThat(store.latestObservation(domainId)).contains("{\"n\": 2}".replace(" ", ""));
        assertThat(jdbc.queryForObject(
                        "select count(*) from check_observation where domain_id = ?", Integer.class, domainId))
                .isEqualTo(1);
    }

    private static CheckResult spf(String domain, Status status, Instant at) {
        return CheckResult.of(
                "spf",
                domain,
                List.of(new Finding("SPF_TEST", status, "test", "spf-dkim")),
                Evidence.empty(),
                at,
                Duration.ofMillis(5));
    }
}
