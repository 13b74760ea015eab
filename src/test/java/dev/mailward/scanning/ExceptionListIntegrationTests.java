package dev.mailward.scanning;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import dev.mailward.accounts.Role;
import dev.mailward.accounts.TeamRef;
import dev.mailward.accounts.UserView;
import dev.mailward.results.Results;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * The exceptions page (active, expiring within 30 days, expired, revoked; by team and domain) and the scope
 * an accepted finding records: this target only, or every target of the domain with its code.
 */
class ExceptionListIntegrationTests extends ScanningTestSupport {

    private static final Pattern ROW = Pattern.compile("data-exception=\"(\\d+)\" data-state=\"([A-Z]+)\"");

    @Autowired
    Results queries;

    @Test
    void eachExceptionShowsUnderItsStateTab() throws Exception {
        TeamRef team = accounts.team("exclist");
        UserView operator = user("op", Role.OPERATOR, team);
        UserView auditor = user("aud", Role.AUDITOR, team);
        UserView stranger = user("other", Role.OPERATOR, accounts.team("elsewhere"));
        String name = uniqueDomain("states");
        long domainId = domain(name, team, 1440, List.of());
        LocalDate today = LocalDate.now(ZoneOffset.UTC);

        long soon = accept(operator, domainId, "spf", name, "SPF_NO_RECORD", today.plusDays(10));
        long later = accept(operator, domainId, "dmarc", name, "DMARC_MISSING", today.plusDays(90));
        long expired = accept(operator, domainId, "mta-sts", name, "MTASTS_NOT_DEPLOYED", today.plusDays(5));
        // an exception that ran out: its last day was yesterday (the service accepts no past date)
        jdbc.update("update finding_exception set expires_on = ? where id = ?", today.minusDays(1), expired);
        long revoked = accept(operator, domainId, "tls-rpt", name, "TLSRPT_MISSING", today.plusDays(60));
        mvc.perform(post("/exceptions/{id}/revoke", revoked)
                        .with(as(auditor))
                        .with(csrf())
                        .param("state", "ACTIVE"))
                .andExpect(status().isForbidden());
        mvc.perform(post("/exceptions/{id}/revoke", revoked)
                        .with(as(operator))
                        .with(csrf())
                        .param("state", "ACTIVE")
                        .param("domain", name))
                .andExpect(status().is3xxRedirection());

        assertThat(rows(auditor, "ACTIVE", name)).containsExactly(later + ":ACTIVE", soon + ":EXPIRING");
        assertThat(rows(auditor, "EXPIRING", name)).containsExactly(soon + ":EXPIRING");
        assertThat(rows(auditor, "EXPIRED", name)).containsExactly(expired + ":EXPIRED");
        assertThat(rows(auditor, "REVOKED", name)).containsExactly(revoked + ":REVOKED");
        assertThat(rows(auditor, "ALL", name)).hasSize(4);
        assertThat(rows(stranger, "ALL", name)).isEmpty();

        String revokedPage = page(auditor, "REVOKED", name);
        assertThat(revokedPage).contains(operator.username()).contains("TLSRPT_MISSING");
        // an auditor reads, and is offered no revoke button
        assertThat(page(auditor, "ACTIVE", name)).contains("status-ACCEPTED").doesNotContain("/revoke");
        assertThat(page(operator, "ACTIVE", name)).contains("/exceptions/" + soon + "/revoke");

        // the team filter: the own team lists them, a team the user is not in lists nothing
        assertThat(rows(auditor, "ALL", name, "team", String.valueOf(team.id())))
                .hasSize(4);
        assertThat(rows(
                        auditor,
                        "ALL",
                        name,
                        "team",
                        String.valueOf(accounts.team("elsewhere").id())))
                .isEmpty();

        String csv = mvc.perform(get("/exceptions.csv")
                        .with(as(auditor))
                        .param("state", "EXPIRED")
                        .param("domain", name))
                .andExpect(status().isOk())
                .andReturn()
                .getResponse()
                .getContentAsString();
        assertThat(csv.lines().toList())
                .hasSize(2)
                .last()
                .asString()
                .startsWith(expired + ",EXPIRED," + name + ",")
                .contains("MTASTS_NOT_DEPLOYED", "TARGET", operator.username());

        mvc.perform(get("/api/v1/exceptions/{id}", soon).with(as(auditor)))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.state").value("EXPIRING"))
                .andExpect(jsonPath("$.scope").value("TARGET"))
                .andExpect(jsonPath("$.active").value(true));
        mvc.perform(get("/api/v1/exceptions/{id}", expired).with(as(auditor)))
                .andExpect(jsonPath("$.state").value("EXPIRED"))
                .andExpect(jsonPath("$.active").value(false));
    }

    @Test
    void anExceptionForEveryTargetCoversBothTargetsOneForThisTargetCoversOne() throws Exception {
        TeamRef team = accounts.team("excscope");
        UserView operator = user("op", Role.OPERATOR, team);
        UserView auditor = user("aud", Role.AUDITOR, team);
        LocalDate until = LocalDate.now(ZoneOffset.UTC).plusDays(30);

        String one = uniqueDomain("scope-one");
        long oneId = domain(one, team, 1440, List.of());
        ptrMissing(oneId, "192.0.2.25");
        ptrMissing(oneId, "192.0.2.26");
        String every = uniqueDomain("scope-every");
        long everyId = domain(every, team, 1440, List.of());
        ptrMissing(everyId, "192.0.2.25");
        ptrMissing(everyId, "192.0.2.26");

        assertThat(resultBadges(auditor, oneId)).containsExactly("FAIL", "FAIL");
        acceptWith(operator, oneId, "192.0.2.25", until, "TARGET");
        acceptWith(operator, everyId, "192.0.2.25", until, "DOMAIN");

        // the accepted result shows as accepted, not as failing; the other target only when the exception covers it
        assertThat(resultBadges(auditor, oneId)).containsExactly("ACCEPTED", "FAIL");
        assertThat(resultBadges(auditor, everyId)).containsExactly("ACCEPTED", "ACCEPTED");

        // the mitigation it informs (reputation) is accepted only where every failing target is covered
        assertThat(guideStatus(auditor, oneId)).isEqualTo("FAIL");
        assertThat(guideStatus(auditor, everyId)).isEqualTo("ACCEPTED");

        mvc.perform(get("/api/v1/exceptions").with(as(auditor)).param("domainId", String.valueOf(everyId)))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.items[0].scope").value("DOMAIN"))
                .andExpect(jsonPath("$.items[0].target").value("192.0.2.25"));
        mvc.perform(get("/api/v1/exceptions").with(as(auditor)).param("domainId", String.valueOf(oneId)))
                .andExpect(jsonPath("$.items[0].scope").value("TARGET"));
        assertThat(page(auditor, "ACTIVE", every)).contains("Every target with this code");
        await().atMost(Duration.ofSeconds(10))
                .until(() -> jdbc
                        .queryForList(
                                "select detail from audit_log where action = 'finding.accepted' and target = ?",
                                String.class,
                                "domain:" + every)
                        .stream()
                        .anyMatch(d -> d.contains("PTR_MISSING on every target until")));
    }

    private long accept(UserView user, long domainId, String check, String target, String code, LocalDate until)
            throws Exception {
        mvc.perform(post("/domains/{id}/exceptions", domainId)
                        .with(as(user))
                        .with(csrf())
                        .param("check", check)
                        .param("target", target)
                        .param("code", code)
                        .param("reason", "accepted for " + code)
                        .param("expiresOn", until.toString()))
                .andExpect(status().is3xxRedirection());
        return jdbc.queryForObject(
                "select max(id) from finding_exception where domain_id = ? and finding_code = ?",
                Long.class,
                domainId,
                code);
    }

    private void acceptWith(UserView user, long domainId, String target, LocalDate until, String scope)
            throws Exception {
        mvc.perform(post("/domains/{id}/exceptions", domainId)
                        .with(as(user))
                        .with(csrf())
                        .param("check", "ptr")
                        .param("target", target)
                        .param("code", "PTR_MISSING")
                        .param("reason", "backup MX without PTR until the move")
                        .param("expiresOn", until.toString())
                        .param("scope", scope))
                .andExpect(status().is3xxRedirection());
    }

    private void ptrMissing(long domainId, String address) {
        jdbc.update("""
                insert into current_result (domain_id, check_id, target, result_id, run_id, status, findings, evidence,
                                            dns_hash, checked_at, elapsed_ms)
                values (?, 'ptr', ?, 0, 0, 'FAIL',
                        '[{"code":"PTR_MISSING","status":"FAIL","message":"The address has no PTR record.","mitigation":"reputation"}]'::jsonb,
                        '{}'::jsonb, '', now(), 1)
                """, domainId, address);
    }

    /** The status badge of each result card's summary, in page order. */
    private List<String> resultBadges(UserView user, long domainId) throws Exception {
        String html = mvc.perform(
                        get("/domains/{id}/results", domainId).with(as(user)).header("HX-Request", "true"))
                .andExpect(status().isOk())
                .andReturn()
                .getResponse()
                .getContentAsString();
        List<String> out = new ArrayList<>();
        Matcher m = Pattern.compile("<summary class=\"result-head\">\\s*<span class=\"status status-([A-Z_]+)")
                .matcher(html);
        while (m.find()) {
            out.add(m.group(1));
        }
        return out;
    }

    private String guideStatus(UserView user, long domainId) throws Exception {
        String html = mvc.perform(
                        get("/mitigations/reputation/guide").with(as(user)).param("domain", String.valueOf(domainId)))
                .andExpect(status().isOk())
                .andReturn()
                .getResponse()
                .getContentAsString();
        Matcher m = Pattern.compile("id=\"domain-status\"[^>]*>\\s*<span class=\"status status-([A-Z_]+)")
                .matcher(html);
        assertThat(m.find()).as("the guide's status for the domain").isTrue();
        return m.group(1);
    }

    private String page(UserView user, String state, String domain, String... more) throws Exception {
        var request = get("/exceptions").with(as(user)).param("state", state).param("domain", domain);
        for (int i = 0; i + 1 < more.length; i += 2) {
            request.param(more[i], more[i + 1]);
        }
        return mvc.perform(request)
                .andExpect(status().isOk())
                .andReturn()
                .getResponse()
                .getContentAsString();
    }

    /** "id:STATE" of each row of the page, in page order (newest first). */
    private List<String> rows(UserView user, String state, String domain, String... more) throws Exception {
        Matcher m = ROW.matcher(page(user, state, domain, more));
        List<String> out = new ArrayList<>();
        while (m.find()) {
            out.add(m.group(1) + ":" + m.group(2));
        }
        return out;
    }
}
