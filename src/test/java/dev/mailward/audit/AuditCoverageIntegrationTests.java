package dev.mailward.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.delete;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import dev.mailward.MailwardIntegrationTest;
import dev.mailward.accounts.AccountsTestSupport;
import dev.mailward.accounts.Role;
import dev.mailward.accounts.TeamRef;
import dev.mailward.accounts.UserView;
import dev.mailward.shared.AuditableAction;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.RequestPostProcessor;
import org.springframework.transaction.support.TransactionTemplate;

/** Every state-changing action of the modules so far leaves an entry, and each reader sees their share. */
@MailwardIntegrationTest
class AuditCoverageIntegrationTests {

    @Autowired
    MockMvc mvc;

    @Autowired
    AccountsTestSupport support;

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    ApplicationEventPublisher events;

    @Autowired
    TransactionTemplate tx;

    record Row(String actor, String source, String action, String target, String detail, Long teamId) {}

    private List<Row> entries(String target) {
        return jdbc.query(
                "select actor, source_address, action, target, detail, team_id from audit_log "
                        + "where target = ? order by id",
                (rs, n) -> new Row(
                        rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5), (Long)
                                rs.getObject(6)),
                target);
    }

    private RequestPostProcessor as(UserView u) {
        return user(support.principal(u.username()));
    }

    private long addDomain(UserView operator, String name, TeamRef team) throws Exception {
        String body = mvc.perform(post("/api/v1/domains")
                        .with(as(operator))
                        .with(remote("198.51.100.7"))
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("{\"name\":\"" + name + "\",\"teamId\":" + team.id() + "}"))
                .andExpect(status().isCreated())
                .andReturn()
                .getResponse()
                .getContentAsString();
        return Long.parseLong(body.replaceAll("(?s)^\\{\"id\":(\\d+),.*", "$1"));
    }

    private static RequestPostProcessor remote(String address) {
        return request -> {
            request.setRemoteAddr(address);
            return request;
        };
    }

    @Test
    void domainAddChangeRediscoverAndRemoveAreAuditedWithActorSourceAndTeam() throws Exception {
        TeamRef team = support.team("aud-dom");
        UserView operator = support.user("aud-op", Role.OPERATOR, team);
        String name = AccountsTestSupport.unique("audited") + ".test";
        long id = addDomain(operator, name, team);
        mvc.perform(put("/api/v1/domains/" + id)
                        .with(as(operator))
                        .with(remote("198.51.100.7"))
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("{\"teamId\":" + team.id() + ",\"tags\":[\"eu\"],\"checkIntervalMinutes\":60}"))
                .andExpect(status().isOk());
        mvc.perform(post("/api/v1/domains/" + id + "/discover")
                        .with(as(operator))
                        .with(remote("198.51.100.7")))
                .andExpect(status().isOk());
        mvc.perform(delete("/api/v1/domains/" + id).with(as(operator)).with(remote("198.51.100.7")))
                .andExpect(status().isNoContent());

        // written in the change's own transaction: present as soon as the request returned
        List<Row> rows = entries("domain:" + name);
        assertThat(rows)
                .extracting(Row::action)
                .containsExactly(
                        "domain.added",
                        "domain.discovered",
                        "domain.changed",
                        "domain.rediscover",
                        "domain.discovered",
                        "domain.removed");
        assertThat(rows).allSatisfy(r -> {
            assertThat(r.actor()).isEqualTo(operator.username());
            assertThat(r.source()).isEqualTo("198.51.100.7");
            assertThat(r.teamId()).isEqualTo(team.id());
        });
        assertThat(rows.get(1).detail()).startsWith("status=");
        assertThat(rows.get(3).detail()).isEqualTo("team=" + team.id());
    }

    private List<Row> entriesBy(String actor, String action) {
        return jdbc.query(
                "select actor, source_address, action, target, detail, team_id from audit_log "
                        + "where actor = ? and action = ? order by id",
                (rs, n) -> new Row(
                        rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5), (Long)
                                rs.getObject(6)),
                actor,
                action);
    }

    @Test
    void bulkImportIsAuditedWithTheCountsImportedAndRejected() throws Exception {
        TeamRef team = support.team("aud-imp");
        UserView operator = support.user("aud-imp", Role.OPERATOR, team);
        String a = AccountsTestSupport.unique("imp-a") + ".test";
        String b = AccountsTestSupport.unique("imp-b") + ".test";
        mvc.perform(post("/api/v1/domains/import")
                        .param("team", String.valueOf(team.id()))
                        .with(as(operator))
                        .with(remote("198.51.100.8"))
                        .contentType(MediaType.TEXT_PLAIN)
                        .content(a + "\nnot a domain!\n" + b + "\n" + a + "\n"))
                .andExpect(status().isOk());
        assertThat(entriesBy(operator.username(), "domains.imported"))
                .singleElement()
                .satisfies(r -> {
                    assertThat(r.target()).isEqualTo("import");
                    assertThat(r.source()).isEqualTo("198.51.100.8");
                    assertThat(r.teamId()).isEqualTo(team.id());
                    assertThat(r.detail()).startsWith("imported=2 rejected=2").contains("team imported=2");
                });
        assertThat(entriesBy(operator.username(), "domain.added"))
                .extracting(Row::target)
                .containsExactly("domain:" + a, "domain:" + b);
    }

    @Test
    void endpointsAddedAndRemovedThroughTheApiAreAudited() throws Exception {
        TeamRef team = support.team("aud-ep");
        UserView operator = support.user("aud-ep", Role.OPERATOR, team);
        String host = "mx." + AccountsTestSupport.unique("aud-ep") + ".test";
        long serverId = jdbc.queryForObject(
                "insert into mail_server (hostname, team_id, discovered, created_at, "
                        + "updated_at) values (?, ?, true, now(), now()) returning id",
                Long.class,
                host,
                team.id());
        mvc.perform(post("/api/v1/servers/" + serverId + "/endpoints")
                        .with(as(operator))
                        .with(remote("198.51.100.9"))
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("{\"role\":\"IMAPS\",\"port\":993}"))
                .andExpect(status().isCreated());
        mvc.perform(delete("/api/v1/servers/" + serverId + "/endpoints/IMAPS/993")
                        .with(as(operator))
                        .with(remote("198.51.100.9")))
                .andExpect(status().isOk());
        // a refused change leaves no entry
        mvc.perform(delete("/api/v1/servers/" + serverId + "/endpoints/IMAPS/993")
                        .with(as(operator)))
                .andExpect(status().isNotFound());
        List<Row> rows = entries("server:" + host);
        assertThat(rows).extracting(Row::action).containsExactly("server.endpoint-added", "server.endpoint-removed");
        assertThat(rows).allSatisfy(r -> {
            assertThat(r.actor()).isEqualTo(operator.username());
            assertThat(r.source()).isEqualTo("198.51.100.9");
            assertThat(r.teamId()).isEqualTo(team.id());
            assertThat(r.detail()).isEqualTo("server=" + serverId + " role=IMAPS port=993");
        });
    }

    @Test
    void scansStartedAndCancelledThroughTheApiAreAuditedPerTeam() throws Exception {
        TeamRef team = support.team("aud-scan");
        UserView operator = support.user("aud-scan", Role.OPERATOR, team);
        long domainId = addDomain(operator, AccountsTestSupport.unique("aud-scan") + ".test", team);
        String body = mvc.perform(post("/api/v1/scans")
                        .with(as(operator))
                        .with(remote("198.51.100.10"))
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("{\"scope\":\"domains\",\"domainIds\":[" + domainId + "]}"))
                .andExpect(status().isCreated())
                .andReturn()
                .getResponse()
                .getContentAsString();
        long scanId = Long.parseLong(body.replaceAll("(?s)^\\{\"id\":(\\d+),.*", "$1"));
        // test contexts execute no scans: the domain is still waiting and is left out
        mvc.perform(post("/api/v1/scans/" + scanId + "/cancel")
                        .with(as(operator))
                        .with(remote("198.51.100.10")))
                .andExpect(status().isOk());
        // cancelling again changes nothing and writes nothing
        mvc.perform(post("/api/v1/scans/" + scanId + "/cancel").with(as(operator)))
                .andExpect(status().isOk());
        List<Row> rows = entries("scan:" + scanId);
        assertThat(rows).extracting(Row::action).containsExactly("scan.started", "scan.cancelled");
        assertThat(rows).allSatisfy(r -> {
            assertThat(r.actor()).isEqualTo(operator.username());
            assertThat(r.source()).isEqualTo("198.51.100.10");
            assertThat(r.teamId()).isEqualTo(team.id());
        });
        assertThat(rows.get(0).detail())
                .isEqualTo("label=domain:"
                        + jdbc.queryForObject("select a_label from domain where id = ?", String.class, domainId)
                        + " domains=1 team domains=1");
        assertThat(rows.get(1).detail()).isEqualTo("left out=1 team domains=1");
    }

    @Test
    void exceptionsAcceptedAndRevokedThroughTheApiAreAuditedForTheDomainsTeam() throws Exception {
        TeamRef team = support.team("aud-exc");
        UserView operator = support.user("aud-exc", Role.OPERATOR, team);
        String name = AccountsTestSupport.unique("aud-exc") + ".test";
        long domainId = addDomain(operator, name, team);
        String until = LocalDate.now(ZoneOffset.UTC).plusDays(10).toString();
        String body = mvc.perform(post("/api/v1/exceptions")
                        .with(as(operator))
                        .with(remote("198.51.100.11"))
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("{\"domainId\":" + domainId + ",\"check\":\"spf\",\"target\":\"" + name
                                + "\",\"code\":\"SPF_PERMISSIVE_ALL\",\"reason\":\"legacy relay until cut-over\","
                                + "\"expiresOn\":\"" + until + "\"}"))
                .andExpect(status().isCreated())
                .andReturn()
                .getResponse()
                .getContentAsString();
        long exceptionId = Long.parseLong(body.replaceAll("(?s)^\\{\"id\":(\\d+),.*", "$1"));
        mvc.perform(post("/api/v1/exceptions/" + exceptionId + "/revoke")
                        .with(as(operator))
                        .with(remote("198.51.100.11")))
                .andExpect(status().isOk());
        List<Row> rows = entries("domain:" + name).stream()
                .filter(r -> r.action().startsWith("finding."))
                .toList();
        assertThat(rows).extracting(Row::action).containsExactly("finding.accepted", "finding.exception-revoked");
        assertThat(rows).allSatisfy(r -> {
            assertThat(r.actor()).isEqualTo(operator.username());
            assertThat(r.source()).isEqualTo("198.51.100.11");
            assertThat(r.teamId()).isEqualTo(team.id());
        });
        assertThat(rows.get(0).detail())
                .isEqualTo("exception=" + exceptionId + " spf " + name + " SPF_PERMISSIVE_ALL until " + until
                        + ": legacy relay until cut-over");
        assertThat(rows.get(1).detail()).isEqualTo("exception=" + exceptionId + " spf " + name + " SPF_PERMISSIVE_ALL");
    }

    @Test
    void userTeamAndTokenChangesAreAuditedWithTheSourceAddress() throws Exception {
        UserView admin = support.user("aud-admin", Role.ADMIN);
        String teamName = AccountsTestSupport.unique("aud-team");
        mvc.perform(post("/admin/teams")
                        .param("name", teamName)
                        .with(csrf())
                        .with(as(admin))
                        .with(remote("203.0.113.9")))
                .andExpect(status().is3xxRedirection());
        assertThat(entries("team:" + teamName)).singleElement().satisfies(r -> {
            assertThat(r.action()).isEqualTo("team.created");
            assertThat(r.actor()).isEqualTo(admin.username());
            assertThat(r.source()).isEqualTo("203.0.113.9");
            assertThat(r.teamId()).isNull();
        });

        String tokenName = AccountsTestSupport.unique("aud-token");
        String secret = (String) mvc.perform(post("/account/tokens")
                        .param("name", tokenName)
                        .param("role", "AUDITOR")
                        .param("validDays", "7")
                        .with(csrf())
                        .with(as(admin))
                        .with(remote("203.0.113.9")))
                .andExpect(status().is3xxRedirection())
                .andReturn()
                .getFlashMap()
                .get("createdToken");
        String target = "token:" + secret.substring(0, 13);
        long tokenId =
                jdbc.queryForObject("select id from api_token where prefix = ?", Long.class, secret.substring(3, 13));
        mvc.perform(post("/account/tokens/" + tokenId + "/revoke")
                        .with(csrf())
                        .with(as(admin))
                        .with(remote("203.0.113.9")))
                .andExpect(status().is3xxRedirection());
        List<Row> rows = entries(target);
        assertThat(rows).extracting(Row::action).containsExactly("token.created", "token.revoked");
        assertThat(rows).allSatisfy(r -> {
            assertThat(r.actor()).isEqualTo(admin.username());
            assertThat(r.source()).isEqualTo("203.0.113.9");
        });
        assertThat(rows.getFirst().detail()).contains("name=" + tokenName, "role=AUDITOR", "owner=" + admin.username());
        // never the secret
        assertThat(rows).allSatisfy(r -> assertThat(r.detail()).doesNotContain(secret.substring(14)));
    }

    @Test
    void failedLoginsAreAudited() throws Exception {
        UserView victim = support.user("aud-login", Role.AUDITOR);
        mvc.perform(post("/login")
                        .param("username", victim.username())
                        .param("password", "wrong password!")
                        .with(csrf())
                        .with(remote("192.0.2.77")))
                .andExpect(status().is3xxRedirection());
        await().atMost(Duration.ofSeconds(10))
                .untilAsserted(() -> assertThat(entries("user:" + victim.username()))
                        .anySatisfy(r -> {
                            assertThat(r.action()).isEqualTo("login.failed");
                            assertThat(r.source()).isEqualTo("192.0.2.77");
                        }));
    }

    @Test
    void laterModulesAuditThroughTheGenericAction() throws Exception {
        TeamRef team = support.team("aud-gen");
        String target = "scan:" + AccountsTestSupport.unique("s");
        tx.executeWithoutResult(s -> events.publishEvent(
                AuditableAction.forTeam("scanner-user", team.id(), "scan.started", target, "domains=3")));
        assertThat(entries(target)).singleElement().satisfies(r -> {
            assertThat(r.action()).isEqualTo("scan.started");
            assertThat(r.teamId()).isEqualTo(team.id());
            assertThat(r.actor()).isEqualTo("scanner-user");
        });
    }

    @Test
    void auditorsSeeOnlyTheirTeamsEntriesOnThePageAndInTheExport() throws Exception {
        TeamRef mine = support.team("aud-mine");
        TeamRef theirs = support.team("aud-theirs");
        UserView auditor = support.user("aud-reader", Role.AUDITOR, mine);
        UserView operatorA = support.user("aud-opa", Role.OPERATOR, mine);
        UserView operatorB = support.user("aud-opb", Role.OPERATOR, theirs);
        UserView admin = support.user("aud-all", Role.ADMIN);
        String visible = AccountsTestSupport.unique("seen") + ".test";
        String hidden = AccountsTestSupport.unique("unseen") + ".test";
        addDomain(operatorA, visible, mine);
        addDomain(operatorB, hidden, theirs);

        mvc.perform(get("/audit").param("actor", operatorA.username()).with(as(auditor)))
                .andExpect(status().isOk())
                .andExpect(content().string(containsString("domain:" + visible)));
        mvc.perform(get("/audit").with(as(auditor)))
                .andExpect(status().isOk())
                .andExpect(content().string(not(containsString("domain:" + hidden))))
                // entries without a team (users, logins, tokens) are for admins only
                .andExpect(content().string(not(containsString("<span class=\"tag\">user.created</span>"))));
        mvc.perform(get("/audit").param("actor", operatorB.username()).with(as(admin)))
                .andExpect(status().isOk())
                .andExpect(content().string(containsString("domain:" + hidden)));

        String auditorCsv = mvc.perform(
                        get("/audit.csv").param("action", "domain.added").with(as(auditor)))
                .andExpect(status().isOk())
                .andExpect(header().string("Content-Disposition", containsString("attachment")))
                .andExpect(content().contentTypeCompatibleWith("text/csv"))
                .andReturn()
                .getResponse()
                .getContentAsString();
        assertThat(auditorCsv)
                .startsWith("id,time_utc,actor,source_address,action,target,detail,team\r\n")
                .contains("domain:" + visible)
                .contains(mine.name())
                .doesNotContain("domain:" + hidden);
        String adminCsv = mvc.perform(
                        get("/audit.csv").param("action", "domain.added").with(as(admin)))
                .andExpect(status().isOk())
                .andReturn()
                .getResponse()
                .getContentAsString();
        assertThat(adminCsv).contains("domain:" + visible, "domain:" + hidden);

        // the date range: nothing was written tomorrow
        String tomorrow = LocalDate.now(ZoneOffset.UTC).plusDays(1).toString();
        mvc.perform(get("/audit").param("from", tomorrow).with(as(admin)))
                .andExpect(status().isOk())
                .andExpect(content().string(containsString("No audit entries match.")));
        mvc.perform(get("/audit").with(as(operatorA))).andExpect(status().isForbidden());
        mvc.perform(get("/audit.csv").with(as(operatorA))).andExpect(status().isForbidden());
    }
}
