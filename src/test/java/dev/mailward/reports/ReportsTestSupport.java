package dev.mailward.reports;

import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import dev.mailward.MailwardIntegrationTest;
import dev.mailward.accounts.AccountsTestSupport;
import dev.mailward.accounts.TeamRef;
import dev.mailward.accounts.UserView;
import dev.mailward.checks.Finding;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.RequestPostProcessor;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Base of the reports tests: one context on the shared embedded PostgreSQL; results history is
 * written with SQL exactly as the scanning module stores it (findings and evidence as jsonb).
 */
@MailwardIntegrationTest
abstract class ReportsTestSupport {

    static final JsonMapper JSON = JsonMapper.builder().build();

    @Autowired
    MockMvc mvc;

    @Autowired
    AccountsTestSupport accounts;

    @Autowired
    JdbcTemplate jdbc;

    RequestPostProcessor as(UserView user) {
        return SecurityMockMvcRequestPostProcessors.user(accounts.principal(user.username()));
    }

    /** A domain row of {@code team} created at {@code createdAt}. */
    long domain(String name, TeamRef team, Instant createdAt, String... tags) {
        return jdbc.queryForObject(
                """
                insert into domain (a_label, u_label, team_id, tags, created_at, created_by, updated_at, discovery_status)
                values (?, ?, ?, ?, ?, 'test', ?, 'MX_FOUND') returning id
                """, Long.class, name, name, team.id(), tags, Timestamp.from(createdAt), Timestamp.from(createdAt));
    }

    /** Appends one result to the history at {@code at}; {@code current} also makes it the current one. */
    void result(
            long domainId,
            String check,
            String target,
            List<Finding> findings,
            String evidenceJson,
            Instant at,
            boolean current) {
        Long run = jdbc.queryForObject(
                "insert into check_run (domain_id, trigger, started_at, finished_at, status) "
                        + "values (?, 'SCHEDULED', ?, ?, 'PASS') returning id",
                Long.class,
                domainId,
                Timestamp.from(at),
                Timestamp.from(at));
        String status = findings.stream()
                .map(Finding::status)
                .reduce(dev.mailward.checks.Status.NOT_APPLICABLE, dev.mailward.checks.Status::worse)
                .name();
        String f = JSON.writeValueAsString(findings.stream()
                .map(x -> Map.of(
                        "code",
                        x.code(),
                        "status",
                        x.status().name(),
                        "message",
                        x.message(),
                        "mitigation",
                        x.mitigation()))
                .toList());
        Long id = jdbc.queryForObject(
                "insert into check_result (run_id, domain_id, check_id, target, status, findings, "
                        + "evidence, dns_hash, checked_at, elapsed_ms) values (?, ?, ?, ?, ?, cast(? as jsonb), cast(? as jsonb), "
                        + "'h', ?, 5) returning id",
                Long.class,
                run,
                domainId,
                check,
                target,
                status,
                f,
                evidenceJson,
                Timestamp.from(at));
        if (current) {
            jdbc.update(
                    "insert into current_result (domain_id, check_id, target, result_id, run_id, status, findings, "
                            + "evidence, dns_hash, checked_at, elapsed_ms) values (?, ?, ?, ?, ?, ?, cast(? as jsonb), "
                            + "cast(? as jsonb), 'h', ?, 5) on conflict (domain_id, check_id, target) do update set "
                            + "result_id = excluded.result_id, status = excluded.status, findings = excluded.findings, "
                            + "evidence = excluded.evidence, checked_at = excluded.checked_at",
                    domainId,
                    check,
                    target,
                    id,
                    run,
                    status,
                    f,
                    evidenceJson,
                    Timestamp.from(at));
        }
    }

    /** An accepted finding valid until 2099. */
    void exception(long domainId, String check, String target, String code, String reason, Instant createdAt) {
        jdbc.update(
                "insert into finding_exception (domain_id, check_id, target, finding_code, reason, expires_on, "
                        + "created_by, created_at) values (?, ?, ?, ?, ?, date '2099-12-31', 'operator-x', ?)",
                domainId,
                check,
                target,
                code,
                reason,
                Timestamp.from(createdAt));
    }

    static Finding finding(String code, dev.mailward.checks.Status status, String message, String mitigation) {
        return new Finding(code, status, message, mitigation);
    }

    /** Creates a report through the API as {@code user} and answers its JSON (201 expected). */
    JsonNode create(UserView user, String body) throws Exception {
        String response = mvc.perform(post("/api/v1/reports")
                        .with(as(user))
                        .contentType(MediaType.APPLICATION_JSON)
                        .content(body))
                .andExpect(status().isCreated())
                .andReturn()
                .getResponse()
                .getContentAsString();
        return JSON.readTree(response);
    }

    /** Downloads a report's bytes through the API. */
    byte[] download(UserView user, long id) throws Exception {
        return mvc.perform(get("/api/v1/reports/" + id + "/download").with(as(user)))
                .andExpect(status().isOk())
                .andReturn()
                .getResponse()
                .getContentAsByteArray();
    }

    static String sha256(byte[] bytes) throws Exception {
        return java.util.HexFormat.of()
                .formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(bytes));
    }
}
