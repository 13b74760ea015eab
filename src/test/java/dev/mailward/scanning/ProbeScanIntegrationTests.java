package dev.mailward.scanning;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.httpBasic;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import dev.mailward.accounts.AccountsTestSupport;
import dev.mailward.accounts.Role;
import dev.mailward.accounts.TeamRef;
import dev.mailward.accounts.UserView;
import dev.mailward.probe.testservers.Probing;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;
import tools.jackson.databind.json.JsonMapper;

/**
 * Scans probe the domains' mail servers: "check now" stores per-endpoint results with the
 * transcript and certificates as evidence and the domain page shows them escaped; the domains of
 * one scan that share an MX cause one probe session to it; a probed server with an uploaded
 * configuration is correlated with what the probe saw.
 */
class ProbeScanIntegrationTests extends ScanningTestSupport {

    /** A zone whose MX {@code mx.<name>} (or {@code mxHost}) is served by {@link #SMTP} on 127.0.0.1. */
    static void serveWithMx(String name, String mxHost) {
        DNS.replaceZone(
                """
                $ORIGIN %1$s.
                $TTL 300
                @ IN SOA ns1 hostmaster 1 3600 600 86400 300
                @ IN NS ns1
                ns1 IN A 127.0.0.1
                @ IN MX 10 %2$s.
                @ IN TXT "v=spf1 mx -all"
                _dmarc IN TXT "v=DMARC1; p=reject"
                """.formatted(name, mxHost) + (mxHost.endsWith("." + name) ? mxHost + ". IN A 127.0.0.1\n" : ""));
    }

    /** A zone holding only a mail host on 127.0.0.1. */
    static void serveHost(String zone, String host) {
        DNS.replaceZone("""
                $ORIGIN %1$s.
                $TTL 300
                @ IN SOA ns1 hostmaster 1 3600 600 86400 300
                @ IN NS ns1
                ns1 IN A 127.0.0.1
                %2$s. IN A 127.0.0.1
                """.formatted(zone, host));
    }

    String target(String host) {
        return host + ":" + SMTP.port();
    }

    @Test
    void checkNowStoresEndpointResultsWithTranscriptAndCertificatesAndThePageShowsThemEscaped() throws Exception {
        TeamRef team = accounts.team("probe");
        UserView operator = user("op", Role.OPERATOR, team);
        String name = uniqueDomain("probed");
        String mx = "mx." + name;
        serveWithMx(name, mx);
        long id = domain(name, team, 1440, List.of());

        mvc.perform(post("/domains/{id}/check", id).with(as(operator)).with(csrf()))
                .andExpect(status().is3xxRedirection());
        String html = awaitResults(id, operator);

        // one result per check id and endpoint, in the history and the current state
        List<String> checks = jdbc.queryForList(
                "select check_id from current_result where domain_id = ? and target = ?", String.class, id, target(mx));
        assertThat(checks)
                .contains(
                        "starttls",
                        "open-relay",
                        "banner",
                        "tls-versions",
                        "tls-ciphers",
                        "certificate",
                        "auth-before-tls",
                        "vrfy",
                        "expn");
        assertThat(jdbc.queryForObject(
                        "select count(*) from check_result where domain_id = ? and target = ?",
                        Integer.class,
                        id,
                        target(mx)))
                .isEqualTo(checks.size());
        assertThat(jdbc.queryForObject(
                        "select status from current_result where domain_id = ? and check_id = "
                                + "'open-relay' and target = ?",
                        String.class,
                        id,
                        target(mx)))
                .as(jdbc.queryForObject(
                        "select findings::text || evidence::text from current_result where domain_id = ? "
                                + "and check_id = 'open-relay' and target = ?",
                        String.class,
                        id,
                        target(mx)))
                .isEqualTo("FAIL");
        assertThat(jdbc.queryForObject(
                        "select status from current_result where domain_id = ? and check_id = "
                                + "'starttls' and target = ?",
                        String.class,
                        id,
                        target(mx)))
                .isEqualTo("PASS");
        String transcript = jdbc.queryForObject(
                "select evidence->'transcript' from current_result where domain_id = ? "
                        + "and check_id = 'starttls' and target = ?",
                String.class,
                id,
                target(mx));
        assertThat(transcript)
                .contains("STARTTLS")
                .contains("\"direction\": \"C\"")
                .contains("atMillis");
        String cert = jdbc.queryForObject(
                "select evidence->'certificates'->0 from current_result where domain_id = ? "
                        + "and check_id = 'certificate' and target = ?",
                String.class,
                id,
                target(mx));
        String sha256 =
                JsonMapper.builder().build().readTree(cert).get("sha256").asString();
        assertThat(sha256).hasSize(64);
        assertThat(jdbc.queryForObject(
                        "select count(*) from current_result where domain_id = ? and check_id = 'dane' "
                                + "and target = ?",
                        Integer.class,
                        id,
                        mx))
                .isOne();

        // the page: one card per endpoint with its checks, the certificate and the transcript, all escaped
        assertThat(html).contains("data-endpoint=\"" + target(mx) + "\"");
        assertThat(html)
                .contains(sha256)
                .contains("CN=mx.test")
                .contains("Mailward Test CA")
                .contains("-----BEGIN CERTIFICATE-----")
                .contains("days left");
        assertThat(html).contains("tx-client").contains("tx-event").contains("EHLO mailward.invalid");
        assertThat(html).doesNotContain("<b>mx</b>").contains("&lt;b&gt;mx&lt;/b&gt;.probe.test ESMTP");
        // kept for a look in a browser (target/screenshots/probe-results.html, with the console's CSS)
        java.nio.file.Path out = java.nio.file.Path.of("target/screenshots");
        java.nio.file.Files.createDirectories(out);
        java.nio.file.Files.writeString(
                out.resolve("probe-results.html"),
                "<!DOCTYPE html><html><head>"
                        + "<meta charset=\"utf-8\"><link rel=\"stylesheet\" href=\"../../frontend/css/mailward.css\">"
                        + "</head><body><main class=\"container\">" + html + "</main></body></html>");
    }

    @Test
    void domainsOfOneScanSharingAnMxCauseOneProbeSessionToIt() throws Exception {
        TeamRef team = accounts.team("probe");
        UserView operator = user("op", Role.OPERATOR, team);
        String shared = uniqueDomain("shared-host");
        String mx = "mx." + shared;
        serveHost(shared, mx);
        String first = uniqueDomain("tenant-a");
        String second = uniqueDomain("tenant-b");
        serveWithMx(first, mx);
        serveWithMx(second, mx);
        long a = domain(first, team, 1440, List.of());
        long b = domain(second, team, 1440, List.of());

        long sessions = smtpProbeSessions();
        int connections = SMTP.connections();
        String location = mvc.perform(post("/scans")
                        .param("scope", "domains")
                        .param("domainId", Long.toString(a))
                        .param("domainId", Long.toString(b))
                        .with(as(operator))
                        .with(csrf()))
                .andExpect(status().is3xxRedirection())
                .andReturn()
                .getResponse()
                .getRedirectedUrl();
        long run = Long.parseLong(location.substring(location.lastIndexOf('/') + 1));
        await().atMost(Duration.ofSeconds(40))
                .pollInterval(Duration.ofMillis(200))
                .until(() -> jdbc.queryForObject(
                                "select count(*) from scan_run_item where scan_run_id = ? and state = 'DONE'",
                                Integer.class,
                                run)
                        == 2);

        // exactly one main session reached the relay test; the TLS-version sessions came once too
        assertThat(smtpProbeSessions() - sessions).isOne();
        int perProbe = SMTP.connections() - connections;
        assertThat(perProbe).isBetween(1, 1 + 4);
        // and both domains hold the fanned-out result of that one observation
        for (long d : List.of(a, b)) {
            assertThat(jdbc.queryForObject(
                            "select status from current_result where domain_id = ? and check_id = "
                                    + "'open-relay' and target = ?",
                            String.class,
                            d,
                            target(mx)))
                    .isEqualTo("FAIL");
        }

        // "check now" of one of them later is a new cycle: it probes again
        mvc.perform(post("/domains/{id}/check", a).with(as(operator)).with(csrf()));
        await().atMost(Duration.ofSeconds(30)).until(() -> smtpProbeSessions() - sessions == 2);
    }

    @Test
    void anEndpointAnOperatorAddedIsProbedAndListedAsConfigured() throws Exception {
        TeamRef team = accounts.team("probe");
        UserView operator = user("op", Role.OPERATOR, team);
        String name = uniqueDomain("manual");
        String mx = "mx." + name;
        String submit = "submit." + name;
        serveWithMx(name, mx);
        DNS.replaceZone(DNS.zoneText(name + ".").orElseThrow() + submit + ". IN A 127.0.0.1\n");
        long id = domain(name, team, 1440, List.of());
        long server = jdbc.queryForObject("""
                insert into mail_server (hostname, team_id, discovered, created_at, updated_at)
                values (?, ?, false, now(), now()) returning id
                """, Long.class, submit, team.id());
        jdbc.update(
                "insert into mail_server_endpoint (server_id, role, port, source) values (?, 'SUBMISSION', ?, "
                        + "'MANUAL')",
                server,
                SMTP.port());
        jdbc.update(
                "insert into domain_mail_server (domain_id, server_id, role, preference) values (?, ?, 'SUBMISSION', 0)",
                id,
                server);

        mvc.perform(post("/domains/{id}/check", id).with(as(operator)).with(csrf()))
                .andExpect(status().is3xxRedirection());
        awaitResults(id, operator);

        assertThat(jdbc.queryForObject(
                        "select status from current_result where domain_id = ? and check_id = "
                                + "'starttls' and target = ?",
                        String.class,
                        id,
                        target(submit)))
                .isEqualTo("PASS");
        assertThat(jdbc.queryForObject(
                        "select evidence->'endpoints'->>? from current_result "
                                + "where domain_id = ? and check_id = 'endpoints'",
                        String.class,
                        target(submit),
                        id))
                .isEqualTo("configured SUBMISSION");
    }

    @Test
    void probedServerWithAnUploadedConfigurationIsCorrelatedAndTheContradictionStored() throws Exception {
        TeamRef team = accounts.team("probe");
        UserView operator = user("op", Role.OPERATOR, team);
        String name = uniqueDomain("correlated");
        String mx = "mx." + name;
        serveWithMx(name, mx);
        long id = domain(name, team, 1440, List.of());
        long server = jdbc.queryForObject("""
                insert into mail_server (hostname, team_id, discovered, created_at, updated_at)
                values (?, ?, true, now(), now()) returning id
                """, Long.class, mx, team.id());
        jdbc.update(
                "insert into mail_server_endpoint (server_id, role, port, source) values (?, 'MX', 25, 'DISCOVERED')",
                server);
        jdbc.update(
                "insert into domain_mail_server (domain_id, server_id, role, preference) values (?, ?, 'MX', 10)",
                id,
                server);
        // the hardened configuration restricts relaying; the server in front of it is an open relay
        String body = JsonMapper.builder()
                .build()
                .writeValueAsString(Map.of(
                        "postconf",
                        fixture("hardened", "postconf-n.txt"),
                        "master",
                        fixture("hardened", "postconf-M.txt")));
        mvc.perform(post("/api/v1/servers/{id}/config", server)
                        .with(httpBasic(operator.username(), AccountsTestSupport.PASSWORD))
                        .contentType(MediaType.APPLICATION_JSON)
                        .content(body))
                .andExpect(status().isCreated());

        mvc.perform(post("/domains/{id}/check", id).with(as(operator)).with(csrf()))
                .andExpect(status().is3xxRedirection());
        awaitResults(id, operator);

        Map<String, Object> correlation = await().atMost(Duration.ofSeconds(10))
                .until(() -> jdbc.queryForList("""
                select c.source, c.observations::text as observations, c.findings::text as findings
                from server_config_correlation c join server_config_upload u on u.id = c.upload_id
                where u.server_id = ? and c.source = 'probe'
                """, server), l -> !l.isEmpty())
                .getFirst();
        assertThat((String) correlation.get("findings"))
                .contains("CORRELATION_RELAY")
                .contains("FAIL");
        assertThat((String) correlation.get("observations"))
                .contains("relayAccepted")
                .contains("true")
                .contains("TLSv1.3");

        String page = mvc.perform(get("/servers/{id}/config", server).with(as(operator)))
                .andExpect(status().isOk())
                .andReturn()
                .getResponse()
                .getContentAsString();
        assertThat(page).contains("CORRELATION_RELAY");
    }

    private static String fixture(String scenario, String file) {
        try (InputStream in = Probing.class.getResourceAsStream("/config-audit/" + scenario + "/" + file)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private String awaitResults(long id, UserView user) {
        return await().atMost(Duration.ofSeconds(40))
                .pollInterval(Duration.ofMillis(200))
                .until(
                        () -> {
                            String html = mvc.perform(
                                            get("/domains/{id}/results", id).with(as(user)))
                                    .andExpect(status().isOk())
                                    .andReturn()
                                    .getResponse()
                                    .getContentAsString();
                            return html.contains("domain-scan-running") || !html.contains("data-check=") ? null : html;
                        },
                        h -> h != null);
    }
}
