package dev.mailward;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import dev.mailward.checks.DomainObservation;
import dev.mailward.checks.DomainObservation.FamilyObservation;
import dev.mailward.checks.ObservationJson;
import dev.mailward.checks.Rules;
import dev.mailward.dashboard.ScoreRefresher;
import dev.mailward.results.JudgingFamilies;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.TestPropertySource;

/**
 * {@code java -jar mailward.jar rejudge}: in a context without the dashboard's background pass (so only the
 * re-judge's event can refresh a score), and booted on its own against the test's database.
 */
@SpringBootTest
@TestPropertySource(properties = "mailward.dashboard.refresh-enabled=false")
class RejudgeCommandIntegrationTests {

    @Autowired
    ConfigurableApplicationContext context;

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    JudgingFamilies families;

    @Autowired
    ScoreRefresher refresher;

    @Autowired
    DataSource dataSource;

    @Test
    void reJudgesPrintsTheCountsAndReturnsOnlyOnceTheDashboardFollowed() {
        long id = domainJudgedUnderOlderRules();
        refresher.refresh(id);
        String before = score(id);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();

        int exit = new RejudgeCommand(print(out), print(err)).rejudge(context);

        assertThat(exit).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8))
                .contains("rules version:          " + Rules.VERSION)
                .containsPattern("re-judged: +[1-9]")
                .contains("could not be read:      0");
        // judged again: spf was not observed, so ERROR; the score followed before the command returned
        assertThat(jdbc.queryForObject(
                        "select status || ' ' || rules_version from current_result where domain_id = ? "
                                + "and check_id = 'spf'",
                        String.class,
                        id))
                .isEqualTo("ERROR " + Rules.VERSION);
        assertThat(score(id)).isNotEqualTo(before);
        assertThat(jdbc.queryForObject("select count(*) from change_event where domain_id = ?", Integer.class, id))
                .isZero();
    }

    @Test
    void anUnreadableObservationIsCountedAndTheExitStatusIsOne() {
        long id = domainJudgedUnderOlderRules();
        jdbc.update("update check_observation set body = '{\"format\":1}' where domain_id = ?", id);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            int exit = new RejudgeCommand(print(out), print(new ByteArrayOutputStream())).rejudge(context);
            assertThat(exit).isEqualTo(1);
            assertThat(out.toString(StandardCharsets.UTF_8)).containsPattern("could not be read: +[1-9]");
            assertThat(jdbc.queryForObject(
                            "select status from current_result where domain_id = ? and check_id = 'spf'",
                            String.class,
                            id))
                    .isEqualTo("PASS");
        } finally {
            jdbc.update("delete from domain where id = ?", id);
        }
    }

    @Test
    void bootsWithoutTheWebServerAgainstTheConfiguredDatabaseAndExits() {
        long id = domainJudgedUnderOlderRules();
        HikariDataSource ds = (HikariDataSource) dataSource;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();

        int exit = new RejudgeCommand(print(out), print(err))
                .run(List.of(
                        "--spring.datasource.url=" + ds.getJdbcUrl(),
                        "--spring.datasource.username=" + ds.getUsername(),
                        "--spring.datasource.password=" + ds.getPassword()));

        assertThat(exit).as(err.toString(StandardCharsets.UTF_8)).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).containsPattern("re-judged: +[1-9]");
        assertThat(jdbc.queryForObject(
                        "select trigger from check_run where domain_id = ? order by id desc limit 1", String.class, id))
                .isEqualTo("REJUDGE");
    }

    /** A domain whose stored observation did not observe spf, recorded as PASS under rules version 0. */
    private long domainJudgedUnderOlderRules() {
        String name = "rejudge-cli-" + UUID.randomUUID().toString().substring(0, 8) + ".test";
        long team = jdbc.queryForObject(
                "insert into team (name, created_at) values (?, now()) returning id", Long.class, name);
        long id = jdbc.queryForObject("""
                insert into domain (a_label, u_label, team_id, created_at, created_by, updated_at, discovery_status)
                values (?, ?, ?, now(), 'test', now(), 'MX_FOUND') returning id""", Long.class, name, name, team);
        Instant at = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        long run = jdbc.queryForObject(
                "insert into check_run (domain_id, trigger, started_at, finished_at, status) "
                        + "values (?, 'SCHEDULED', now(), now(), 'PASS') returning id",
                Long.class,
                id);
        jdbc.update(
                """
                insert into current_result (domain_id, check_id, target, result_id, run_id, status, findings, evidence,
                                            dns_hash, checked_at, elapsed_ms, rules_version)
                values (?, 'spf', ?, 0, ?, 'PASS', '[]', '{}', 'h', ?, 1, ?)""",
                id,
                name,
                run,
                java.sql.Timestamp.from(at), // judged from the observation below, as a scan records it
                Rules.VERSION - 1);
        DomainObservation observation = new DomainObservation(
                name,
                at,
                List.of(new FamilyObservation.NotObserved("spf", at, Duration.ofMillis(5), "the run was interrupted")));
        String body = new ObservationJson(families.families()).encode(observation);
        jdbc.update(
                "insert into check_observation (run_id, domain_id, observed_at, format, rules_version, size_bytes, "
                        + "body) values (?, ?, now(), ?, ?, ?, ?)",
                run,
                id,
                ObservationJson.FORMAT,
                Rules.VERSION - 1,
                body.length(),
                body);
        return id;
    }

    private String score(long id) {
        return jdbc
                .queryForList(
                        "select statuses || ':' || coalesce(score, -1) from domain_score where domain_id = ?",
                        String.class,
                        id)
                .stream()
                .findFirst()
                .orElse("");
    }

    private static PrintStream print(ByteArrayOutputStream out) {
        return new PrintStream(out, true, StandardCharsets.UTF_8);
    }
}
