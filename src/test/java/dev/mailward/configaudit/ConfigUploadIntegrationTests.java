package dev.mailward.configaudit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.httpBasic;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.multipart;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

import dev.mailward.MailwardIntegrationTest;
import dev.mailward.accounts.AccountsTestSupport;
import dev.mailward.accounts.Role;
import dev.mailward.accounts.TeamRef;
import dev.mailward.accounts.UserView;
import dev.mailward.checks.Status;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.mock.web.MockMultipartFile;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.web.util.HtmlUtils;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Configuration uploads through the console and the API, against the shared embedded PostgreSQL. */
@MailwardIntegrationTest
class ConfigUploadIntegrationTests {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    @Autowired
    MockMvc mvc;

    @Autowired
    AccountsTestSupport accounts;

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    ServerConfigService configs;

    @Autowired
    dev.mailward.accounts.ApiTokens tokens;

    TeamRef team;
    UserView operator;
    UserView auditor;
    UserView other;
    long serverId;
    long domainId;
    String hostname;

    @BeforeEach
    void serverOfATeam() {
        team = accounts.team("cfg");
        TeamRef otherTeam = accounts.team("cfg-other");
        operator = accounts.user("cfg-op", Role.OPERATOR, team);
        auditor = accounts.user("cfg-aud", Role.AUDITOR, team);
        other = accounts.user("cfg-other-op", Role.OPERATOR, otherTeam);
        long[] ids = ConfigFixtures.serverWithDomain(
                jdbc, team.id(), AccountsTestSupport.unique("t").substring(2));
        serverId = ids[0];
        domainId = ids[1];
        hostname = jdbc.queryForObject("select hostname from mail_server where id = ?", String.class, serverId);
    }

    /** A personal API token of the operator, as the README's cron line uses. */
    private String operatorToken() {
        var principal = accounts.principal(operator.username());
        var context = org.springframework.security.core.context.SecurityContextHolder.getContext();
        context.setAuthentication(
                org.springframework.security.authentication.UsernamePasswordAuthenticationToken.authenticated(
                        principal, null, principal.getAuthorities()));
        try {
            return tokens.create(new dev.mailward.accounts.CreateApiToken("config cron", Role.OPERATOR, 30))
                    .secret();
        } finally {
            org.springframework.security.core.context.SecurityContextHolder.clearContext();
        }
    }

    private static MockMultipartFile part(String name, String scenario, String file) {
        return new MockMultipartFile(
                name,
                "63",
                "application/octet-stream",
                ConfigFixtures.text(scenario, file).getBytes(StandardCharsets.UTF_8));
    }

    private int rows() {
        return jdbc.queryForObject(
                "select count(*) from server_config_upload where server_id = ?", Integer.class, serverId);
    }

    private String page(String path, UserView as) throws Exception {
        MockHttpServletResponse r = mvc.perform(get(path).with(user(accounts.principal(as.username()))))
                .andReturn()
                .getResponse();
        assertThat(r.getStatus()).as(path).isEqualTo(200);
        return r.getContentAsString();
    }

    private MockHttpServletResponse apiJson(UserView as, String json) throws Exception {
        return mvc.perform(post("/api/v1/servers/{id}/config", serverId)
                        .with(httpBasic(as.username(), AccountsTestSupport.PASSWORD))
                        .contentType(MediaType.APPLICATION_JSON)
                        .content(json))
                .andReturn()
                .getResponse();
    }

    @Test
    void storesTheRealFixturesUploadedLikeTheCurlOneLinerRedactedAndAudited() throws Exception {
        MockHttpServletResponse r = mvc.perform(multipart("/api/v1/servers/{id}/config", serverId)
                        .file(part("postconf", "hardened", "postconf-n.txt"))
                        .file(part("master", "hardened", "postconf-M.txt"))
                        .file(part("doveconf", "hardened", "doveconf-n.txt"))
                        .file(part("rspamd", "hardened", "rspamd-configdump.txt"))
                        .header("Authorization", "Bearer " + operatorToken()))
                .andReturn()
                .getResponse();

        assertThat(r.getStatus()).as(r.getContentAsString()).isEqualTo(201);
        JsonNode body = JSON.readTree(r.getContentAsString());
        assertThat(body.get("version").asInt()).isEqualTo(1);
        assertThat(body.get("uploadedBy").asString()).isEqualTo(operator.username());
        assertThat(body.get("files").toString()).isEqualTo("[\"postconf\",\"master\",\"doveconf\",\"rspamd\"]");
        assertThat(body.get("redactions").toString())
                .contains("\"file\":\"rspamd\"")
                .contains("\"key\":\"password\"");
        assertThat(body.get("findings").toString()).contains("RELAY_RESTRICTED").contains("TLS_OK");

        Map<String, Object> row = jdbc.queryForMap("select * from server_config_upload where server_id = ?", serverId);
        assertThat(row.get("version")).isEqualTo(1);
        assertThat((String) row.get("rspamd"))
                .doesNotContain("password = \"q1\"")
                .contains("password = \"<redacted>\"");
        assertThat(row.get("redactions").toString()).contains("password").doesNotContain("q1");
        assertThat(row.get("audit_result").toString()).doesNotContain("\"q1\"");
        assertThat(row.get("sha256").toString())
                .hasSize(64)
                .isEqualTo(body.get("sha256").asString());
        assertThat(row.get("source_address")).isEqualTo("127.0.0.1");

        String page = page("/servers/" + serverId + "/config", auditor);
        assertThat(page)
                .contains(body.get("sha256").asString())
                .contains(operator.username())
                .contains("Secrets removed")
                .contains("line 2538 of rspamd: password");
    }

    @Test
    void storesAndShowsInlineCredentialsOfEveryPartOnlyRedacted() throws Exception {
        String postconf = """
                relayhost = [smtp.relay.example]:587
                smtp_sasl_auth_enable = yes
                smtp_sasl_password_maps = static:relayuser:Pf-Static-Secret
                lmtp_sasl_password_maps = inline:{ lmtp.example=lmtpuser:Pf-Inline-Secret, { backup.example = b:Pf Spaced Secret } }
                relay_creds = inline:{ [smtp.relay.example]:587=overrideuser:Pf-Referenced-Secret }
                """;
        String master = "relay unix - - n - - smtp -o smtp_sasl_password_maps=$relay_creds "
                + "-o smtp_password=Pf-Override-Secret\n";
        String doveconf = """
                passdb {
                  args = host=10.0.0.5 proxy=y nopassword=y pass=Dv-Proxy-Secret
                  driver = static
                }
                ssl_key = -----BEGIN PRIVATE KEY-----
                MIIEvDvKeyMaterial
                -----END PRIVATE KEY-----
                doveadm_password = Dv-Doveadm-Secret
                """;
        String rspamd = """
                redis {
                    password = "Rs-Redis-Secret";
                }
                dkim_signing {
                    domain {
                        example.org {
                            key = "MIIEvRsDkimKeyMaterial";
                        }
                    }
                }
                """;
        MockHttpServletResponse r = mvc.perform(multipart("/api/v1/servers/{id}/config", serverId)
                        .file(new MockMultipartFile(
                                "postconf", "p", "text/plain", postconf.getBytes(StandardCharsets.UTF_8)))
                        .file(new MockMultipartFile(
                                "master", "m", "text/plain", master.getBytes(StandardCharsets.UTF_8)))
                        .file(new MockMultipartFile(
                                "doveconf", "d", "text/plain", doveconf.getBytes(StandardCharsets.UTF_8)))
                        .file(new MockMultipartFile(
                                "rspamd", "r", "text/plain", rspamd.getBytes(StandardCharsets.UTF_8)))
                        .header("Authorization", "Bearer " + operatorToken()))
                .andReturn()
                .getResponse();
        assertThat(r.getStatus()).as(r.getContentAsString()).isEqualTo(201);
        List<String> secrets = List.of(
                "Pf-Static-Secret",
                "Pf-Inline-Secret",
                "Pf Spaced Secret",
                "Pf-Referenced-Secret",
                "Pf-Override-Secret",
                "Dv-Proxy-Secret",
                "MIIEvDvKeyMaterial",
                "Dv-Doveadm-Secret",
                "Rs-Redis-Secret",
                "MIIEvRsDkimKeyMaterial",
                "relayuser",
                "lmtpuser",
                "overrideuser");

        Map<String, Object> row = jdbc.queryForMap(
                "select main_cf, master_cf, doveconf, rspamd, redactions::text, "
                        + "audit_result::text from server_config_upload where server_id = ?",
                serverId);
        assertThat(row.values().toString()).doesNotContain(secrets);
        assertThat((String) row.get("main_cf"))
                .contains(
                        "smtp_sasl_password_maps = static:<redacted>",
                        "lmtp_sasl_password_maps = inline:{ lmtp.example=<redacted>, { backup.example = <redacted> } }",
                        "relay_creds = inline:{ [smtp.relay.example]:587=<redacted> }");
        assertThat((String) row.get("master_cf"))
                .contains("-o smtp_sasl_password_maps=$relay_creds -o smtp_password=<redacted>");

        String api = mvc.perform(get("/api/v1/servers/{id}/config", serverId)
                        .with(httpBasic(auditor.username(), AccountsTestSupport.PASSWORD)))
                .andReturn()
                .getResponse()
                .getContentAsString();
        assertThat(api).doesNotContain(secrets).contains("static:<redacted>");
        String page = page("/servers/" + serverId + "/config", auditor);
        assertThat(page).doesNotContain(secrets).contains("line 3 of postconf: smtp_sasl_password_maps");
        // the texts themselves are shown in the diff (version 1: every line added)
        assertThat(page("/servers/" + serverId + "/config/versions/1/diff", auditor))
                .doesNotContain(secrets)
                .contains(HtmlUtils.htmlEscape("smtp_sasl_password_maps = static:<redacted>"));
    }

    @Test
    void showsTheOpenRelayFindingWithItsLineAfterAnUploadThroughThePage() throws Exception {
        var result = mvc.perform(multipart("/servers/{id}/config", serverId)
                        .file(part("postconf", "open-relay", "postconf-n.txt"))
                        .file(part("master", "open-relay", "postconf-M.txt"))
                        .with(user(accounts.principal(operator.username())))
                        .with(csrf()))
                .andReturn();
        assertThat(result.getResponse().getStatus()).isEqualTo(302);
        assertThat(result.getResponse().getRedirectedUrl()).isEqualTo("/servers/" + serverId + "/config");
        assertThat(result.getFlashMap().get("flash")).isEqualTo("Version 1 stored; 0 secrets removed.");

        String page = page("/servers/" + serverId + "/config", operator);
        assertThat(page)
                .contains("id=\"mitigation-no-open-relay\"")
                .contains("RELAY_OPEN")
                .contains("main.cf:9")
                .contains(
                        "<code class=\"line-text\">smtpd_relay_restrictions = permit_mynetworks, permit, reject_unauth_destination</code>")
                .contains("main.cf:6")
                .contains(HtmlUtils.htmlEscape("mynetworks = 127.0.0.0/8 0.0.0.0/0 [2001:db8::]/32"))
                .contains("<pre>");
        // the upload was compared with the endpoints the inventory knows
        assertThat(page).contains("id=\"correlation\"");

        String domain = page("/domains/" + domainId + "/config", auditor);
        assertThat(domain)
                .contains(hostname)
                .contains("/servers/" + serverId + "/config")
                .contains("status-FAIL")
                .contains("Version 1");
    }

    @Test
    void refusesAnOversizedFileNamingItAndItsSizeAndStoresNothing() throws Exception {
        String huge = "# " + "x".repeat(ConfigBundle.MAX_CHARS);
        MockHttpServletResponse r = apiJson(
                operator, JSON.writeValueAsString(Map.of("postconf", "mynetworks = 10.0.0.0/8", "doveconf", huge)));
        assertThat(r.getStatus()).isEqualTo(413);
        assertThat(r.getContentAsString())
                .contains("doveconf is " + huge.length() + " characters (limit " + ConfigBundle.MAX_CHARS + ")")
                .contains("\"file\":\"doveconf\"");

        var web = mvc.perform(multipart("/servers/{id}/config", serverId)
                        .file(new MockMultipartFile(
                                "rspamd", "dump.txt", "text/plain", huge.getBytes(StandardCharsets.UTF_8)))
                        .with(user(accounts.principal(operator.username())))
                        .with(csrf()))
                .andReturn();
        assertThat(web.getFlashMap().get("flashError"))
                .isEqualTo("rspamd is " + String.format("%,d", huge.length()) + " bytes; at most "
                        + String.format("%,d", ConfigBundle.MAX_CHARS) + " are accepted. Nothing was stored.");
        assertThat(rows()).isZero();
    }

    @Test
    void aFileOfExactlyTheLineLimitIsAcceptedWithOrWithoutItsLastNewlineAndOneLineMoreIsNot() throws Exception {
        String lines = java.util.stream.IntStream.range(0, ConfigBundle.MAX_LINES)
                .mapToObj(i -> "# line " + i)
                .collect(java.util.stream.Collectors.joining("\n"));
        assertThat(apiJson(operator, JSON.writeValueAsString(Map.of("postconf", lines + "\n")))
                        .getStatus())
                .as("50,000 lines ending with a newline")
                .isEqualTo(201);
        assertThat(apiJson(operator, JSON.writeValueAsString(Map.of("postconf", lines)))
                        .getStatus())
                .as("50,000 lines, the last without a newline")
                .isEqualTo(201);
        assertThat(ConfigBundle.refusal("postconf", lines + "\n")).isEmpty();

        MockHttpServletResponse r =
                apiJson(operator, JSON.writeValueAsString(Map.of("postconf", lines + "\n# one more\n")));
        assertThat(r.getStatus()).isBetween(400, 499);
        assertThat(r.getContentAsString()).contains("postconf has 50001 lines (limit 50000)");
        assertThat(rows()).isEqualTo(2);
    }

    @Test
    void secondUploadBecomesVersionTwoAndTheDiffShowsTheChangedLine() throws Exception {
        String v1 = ConfigFixtures.text("open-relay", "postconf-n.txt");
        String v2 = v1.replace("mynetworks = 127.0.0.0/8 0.0.0.0/0 [2001:db8::]/32", "mynetworks = 127.0.0.0/8");
        assertThat(apiJson(operator, JSON.writeValueAsString(Map.of("postconf", v1)))
                        .getStatus())
                .isEqualTo(201);
        MockHttpServletResponse second = apiJson(operator, JSON.writeValueAsString(Map.of("postconf", v2)));
        assertThat(second.getStatus()).isEqualTo(201);
        assertThat(JSON.readTree(second.getContentAsString()).get("version").asInt())
                .isEqualTo(2);
        assertThat(rows()).isEqualTo(2);

        String diff = page("/servers/" + serverId + "/config/versions/2/diff", auditor);
        assertThat(diff).contains("Version 2 compared with version 1").contains("+1 added, −1 removed");
        assertThat(diff)
                .containsPattern("(?s)<tr class=\"diff-REMOVED\">\\s*<td class=\"ln\">6</td>\\s*<td class=\"ln\"></td>"
                        + "\\s*<td class=\"sym\">\\s*<span [^>]*>−</span>\\s*</td>\\s*<td class=\"text\"><code>"
                        + "mynetworks = 127.0.0.0/8 0.0.0.0/0 \\[2001:db8::\\]/32</code>");
        assertThat(diff)
                .containsPattern("(?s)<tr class=\"diff-ADDED\">\\s*<td class=\"ln\"></td>\\s*<td class=\"ln\">6</td>"
                        + "\\s*<td class=\"sym\">\\s*<span [^>]*>\\+</span>\\s*</td>\\s*<td class=\"text\"><code>"
                        + "mynetworks = 127.0.0.0/8</code>");

        JsonNode api = JSON.readTree(mvc.perform(get("/api/v1/servers/{id}/config/versions/2/diff", serverId)
                        .with(httpBasic(auditor.username(), AccountsTestSupport.PASSWORD)))
                .andReturn()
                .getResponse()
                .getContentAsString());
        assertThat(api.get("files").get(0).get("added").asInt()).isEqualTo(1);
        assertThat(api.get("files").get(0).get("removed").asInt()).isEqualTo(1);

        String history = page("/servers/" + serverId + "/config", auditor);
        assertThat(history).contains("2 uploads").contains("id=\"diff-2\"");
    }

    @Test
    void auditorReadsButCannotUploadAndAnotherTeamSeesNothing() throws Exception {
        String body = JSON.writeValueAsString(Map.of("postconf", "mynetworks = 127.0.0.0/8\n"));
        assertThat(apiJson(auditor, body).getStatus()).isEqualTo(403);
        assertThat(mvc.perform(multipart("/servers/{id}/config", serverId)
                                .file(part("postconf", "open-relay", "postconf-n.txt"))
                                .with(user(accounts.principal(auditor.username())))
                                .with(csrf()))
                        .andReturn()
                        .getResponse()
                        .getStatus())
                .isEqualTo(403);
        assertThat(page("/servers/" + serverId + "/config", auditor))
                .doesNotContain("id=\"upload\"")
                .contains("No configuration uploaded yet.");

        assertThat(apiJson(other, body).getStatus()).isEqualTo(404);
        assertThat(mvc.perform(get("/servers/{id}/config", serverId).with(user(accounts.principal(other.username()))))
                        .andReturn()
                        .getResponse()
                        .getStatus())
                .isEqualTo(404);
        assertThat(rows()).isZero();
    }

    @Test
    void everyUploadWritesAnAuditEntry() throws Exception {
        assertThat(apiJson(operator, JSON.writeValueAsString(Map.of("postconf", "mynetworks = 127.0.0.0/8\n")))
                        .getStatus())
                .isEqualTo(201);
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            List<Map<String, Object>> entries = jdbc.queryForList(
                    "select actor, action, source_address, detail from audit_log where target = ?",
                    "server:" + hostname);
            assertThat(entries).hasSize(1);
            assertThat(entries.getFirst())
                    .containsEntry("actor", operator.username())
                    .containsEntry("action", "server.config.uploaded")
                    .containsEntry("source_address", "127.0.0.1");
            assertThat(entries.getFirst().get("detail").toString())
                    .startsWith("version=1 sha256=")
                    .contains("files=postconf");
        });
    }

    @Test
    void correlatesTheLatestUploadWithProbeObservationsThroughTheHook() throws Exception {
        assertThat(apiJson(
                                operator,
                                JSON.writeValueAsString(Map.of(
                                        "postconf", ConfigFixtures.text("hardened", "postconf-n.txt"),
                                        "master", ConfigFixtures.text("hardened", "postconf-M.txt"))))
                        .getStatus())
                .isEqualTo(201);

        // the scanning module calls this after a probe, without a signed-in user
        ConfigUpload correlated = configs.correlate(
                        serverId,
                        Observations.none().withRelayAccepted(true).withTlsVersionsSeen(java.util.Set.of("TLSv1")))
                .orElseThrow();

        assertThat(correlated.correlation()).hasValueSatisfying(c -> {
            assertThat(c.source()).isEqualTo(ServerConfigService.SOURCE_PROBE);
            assertThat(c.findings())
                    .extracting(ConfigFinding::code)
                    .containsExactlyInAnyOrder("CORRELATION_RELAY", "CORRELATION_TLS_VERSIONS");
        });
        assertThat(correlated.status()).isEqualTo(Status.FAIL);
        assertThat(correlated.byMitigation())
                .filteredOn(g -> g.mitigation().equals("no-open-relay"))
                .singleElement()
                .satisfies(g -> assertThat(g.status()).isEqualTo(Status.FAIL));

        String page = page("/servers/" + serverId + "/config", auditor);
        assertThat(page).contains("CORRELATION_RELAY").contains("the latest probe of the server");
        assertThat(configs.correlate(Long.MAX_VALUE, Observations.none())).isEmpty();
    }

    @Test
    void rspamdSelectorsOfTheDomainAreKnownAndAKeyMissingInDnsIsAContradiction() throws Exception {
        assertThat(apiJson(
                                operator,
                                JSON.writeValueAsString(Map.of(
                                        "postconf", ConfigFixtures.text("hardened", "postconf-n.txt"),
                                        "rspamd", ConfigFixtures.text("hardened", "rspamd-configdump.txt"))))
                        .getStatus())
                .isEqualTo(201);

        // dkim_signing.domain names example.org with selector s2025; other domains are signed with
        // the module-wide selector only if a key file exists, so they get no selector to query
        assertThat(configs.dkimSelectors(serverId, "EXAMPLE.org")).containsExactly("s2025");
        assertThat(configs.dkimSelectors(serverId, "other.example")).isEmpty();

        ConfigUpload correlated = configs.correlate(
                        serverId,
                        Observations.none()
                                .withDkim(new Observations.DkimKeys(
                                        "example.org", Map.of("s2025", Observations.KeyState.MISSING))))
                .orElseThrow();
        assertThat(correlated.correlation())
                .hasValueSatisfying(c -> assertThat(c.findings())
                        .singleElement()
                        .satisfies(f -> {
                            assertThat(f.code()).isEqualTo("CORRELATION_DKIM");
                            assertThat(f.status()).isEqualTo(Status.FAIL);
                            assertThat(f.message())
                                    .contains("s2025._domainkey.example.org")
                                    .contains("has no key record");
                        }));
        assertThat(configs.correlate(
                                serverId,
                                Observations.none()
                                        .withDkim(new Observations.DkimKeys(
                                                "example.org", Map.of("s2025", Observations.KeyState.USABLE))))
                        .orElseThrow()
                        .correlation())
                .hasValueSatisfying(c -> assertThat(c.findings()).isEmpty());
    }
}
