package dev.mailward.scanning;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.flash;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import dev.mailward.accounts.Role;
import dev.mailward.accounts.TeamRef;
import dev.mailward.accounts.UserView;
import dev.mailward.results.Results;
import dev.mailward.results.StoredResult;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;

/** Accepted findings: shown as accepted (not passing), audited, readable by other modules, revocable. */
class ExceptionsIntegrationTests extends ScanningTestSupport {

    @Autowired
    Results queries;

    @Test
    void operatorAcceptsAFailingFindingWithReasonAndExpiry() throws Exception {
        TeamRef team = accounts.team("exc");
        UserView operator = user("op", Role.OPERATOR, team);
        UserView auditor = user("aud", Role.AUDITOR, team);
        String name = uniqueDomain("accept");
        serve(name, "v=spf1 +all");
        long id = domain(name, team, 1440, List.of());
        mvc.perform(post("/domains/{id}/check", id).with(as(operator)).with(csrf()));
        await().atMost(Duration.ofSeconds(20))
                .until(() -> !queries.currentResults(id).isEmpty()
                        && jdbc.queryForObject(
                                        "select count(*) from check_run where domain_id = ? and finished_at is null",
                                        Integer.class,
                                        id)
                                == 0);
        StoredResult spf = queries.currentResults(id).stream()
                .filter(r -> r.check().equals("spf"))
                .findFirst()
                .orElseThrow();
        String code = spf.findings().getFirst().code();
        LocalDate until = LocalDate.now(ZoneOffset.UTC).plusDays(30);

        mvc.perform(post("/domains/{id}/exceptions", id)
                        .with(as(auditor))
                        .with(csrf())
                        .param("check", "spf")
                        .param("target", spf.target())
                        .param("code", code)
                        .param("reason", "x")
                        .param("expiresOn", until.toString()))
                .andExpect(status().isForbidden());
        mvc.perform(post("/domains/{id}/exceptions", id)
                        .with(as(operator))
                        .with(csrf())
                        .param("check", "spf")
                        .param("target", spf.target())
                        .param("code", code)
                        .param("reason", "legacy relay until migration")
                        .param("expiresOn", until.toString()))
                .andExpect(status().is3xxRedirection());

        assertThat(queries.exceptionsFor(id)).singleElement().satisfies(e -> {
            assertThat(e.code()).isEqualTo(code);
            assertThat(e.reason()).isEqualTo("legacy relay until migration");
            assertThat(e.expiresOn()).isEqualTo(until);
            assertThat(e.createdBy()).isEqualTo(operator.username());
        });
        String html = mvc.perform(get("/domains/{id}/results", id).with(as(auditor)))
                .andExpect(status().isOk())
                .andReturn()
                .getResponse()
                .getContentAsString();
        assertThat(html)
                .contains("status-ACCEPTED")
                .contains("legacy relay until migration")
                // accepted is not passing: the result stays FAIL
                .contains("status-FAIL");
        assertThat(queries.currentResults(id))
                .filteredOn(r -> r.check().equals("spf"))
                .extracting(r -> r.status().name())
                .containsExactly("FAIL");
        await().atMost(Duration.ofSeconds(10))
                .until(() -> jdbc.queryForObject(
                                "select count(*) from audit_log where action = 'finding.accepted' and target = ?",
                                Integer.class,
                                "domain:" + name)
                        == 1);

        long exceptionId = queries.exceptionsFor(id).getFirst().id();
        mvc.perform(post("/domains/{id}/exceptions/{e}/revoke", id, exceptionId)
                        .with(as(operator))
                        .with(csrf()))
                .andExpect(status().is3xxRedirection());
        assertThat(queries.exceptionsFor(id)).isEmpty();
    }

    @Test
    void exceptionNeedsAReasonAndAnExpiryThatIsNotPast() throws Exception {
        TeamRef team = accounts.team("exc");
        UserView operator = user("op", Role.OPERATOR, team);
        long id = domain(uniqueDomain("refuse"), team, 1440, List.of());

        mvc.perform(post("/domains/{id}/exceptions", id)
                        .with(as(operator))
                        .with(csrf())
                        .param("check", "spf")
                        .param("target", "x")
                        .param("code", "SPF_NO_RECORD")
                        .param("reason", " ")
                        .param(
                                "expiresOn",
                                LocalDate.now(ZoneOffset.UTC).plusDays(1).toString()))
                .andExpect(flash().attributeExists("flashError"));
        mvc.perform(post("/domains/{id}/exceptions", id)
                        .with(as(operator))
                        .with(csrf())
                        .param("check", "spf")
                        .param("target", "x")
                        .param("code", "SPF_NO_RECORD")
                        .param("reason", "because")
                        .param(
                                "expiresOn",
                                LocalDate.now(ZoneOffset.UTC).minusDays(1).toString()))
                .andExpect(flash().attributeExists("flashError"));
        assertThat(queries.exceptionsFor(id)).isEmpty();
    }

    @Test
    void anExceptionNamingACheckOrCodeMailwardDoesNotHaveIsRefusedNamingTheField() throws Exception {
        TeamRef team = accounts.team("exc");
        UserView operator = user("op", Role.OPERATOR, team);
        long id = domain(uniqueDomain("unknown"), team, 1440, List.of());
        String until = LocalDate.now(ZoneOffset.UTC).plusDays(1).toString();
        mvc.perform(post("/api/v1/exceptions")
                        .with(as(operator))
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("{\"domainId\":" + id + ",\"check\":\"spff\",\"target\":\"x\","
                                + "\"code\":\"SPF_NO_RECORD\",\"reason\":\"typo\",\"expiresOn\":\"" + until + "\"}"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.field").value("check"))
                .andExpect(jsonPath("$.detail").value("'spff' is not a check of Mailward"));
        mvc.perform(post("/api/v1/exceptions")
                        .with(as(operator))
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("{\"domainId\":" + id + ",\"check\":\"spf\",\"target\":\"x\","
                                + "\"code\":\"SPF_NO_SUCH_THING\",\"reason\":\"typo\",\"expiresOn\":\"" + until
                                + "\"}"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.field").value("code"))
                .andExpect(jsonPath("$.detail").value("'SPF_NO_SUCH_THING' is not a finding code of Mailward"));
        mvc.perform(post("/domains/{id}/exceptions", id)
                        .with(as(operator))
                        .with(csrf())
                        .param("check", "spf")
                        .param("target", "x")
                        .param("code", "SPF_NO_SUCH_THING")
                        .param("reason", "typo")
                        .param("expiresOn", until))
                .andExpect(flash().attribute("flashError", "'SPF_NO_SUCH_THING' is not a finding code of Mailward."));
        assertThat(queries.exceptionsFor(id)).isEmpty();
    }

    @Test
    void expiredExceptionNoLongerCounts() {
        TeamRef team = accounts.team("exc");
        long id = domain(uniqueDomain("expired"), team, 1440, List.of());
        jdbc.update(
                "insert into finding_exception (domain_id, check_id, target, finding_code, reason, expires_on, "
                        + "created_by, created_at) values (?, 'spf', 'x', 'SPF_X', 'old', current_date - 1, 't', now())",
                id);
        assertThat(queries.exceptionsFor(id)).isEmpty();
    }
}
