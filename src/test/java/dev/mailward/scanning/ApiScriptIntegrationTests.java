package dev.mailward.scanning;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.mailward.accounts.AccountsTestSupport;
import dev.mailward.accounts.Role;
import dev.mailward.accounts.TeamRef;
import dev.mailward.accounts.UserView;
import java.net.CookieManager;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The "script with a token", over real HTTP on the test's port: an operator signs in,
 * creates a token on the account page, and from then on only the token is used: onboard 100
 * domains (served by the loopback {@link dev.mailward.testdns.TestDnsServer}), scan them, poll the
 * scan until done, page through the results, generate and download a CSV report. The audit log
 * shows each action with the token's prefix; the revoked token gets 401; a token of another team does not
 * see the scan (404).
 *
 * <p>Scans run in the scanning tests' context ({@link ScanningTestSupport}: its scheduler, its DNS
 * settings, eight scan threads), the one context of this JVM that executes scans.
 */
class ApiScriptIntegrationTests extends ScanningTestSupport {

    private static final int DOMAINS = 100;
    private static final Pattern SECRET = Pattern.compile("mw_[a-z2-9]{10}_[A-Za-z0-9_-]{43}");
    private static final Pattern CSRF =
            Pattern.compile("name=\"_csrf\"\\s+value=\"([^\"]+)\"|value=\"([^\"]+)\"\\s+name=\"_csrf\"");

    @LocalServerPort
    int port;

    private final JsonMapper json = JsonMapper.builder().build();

    @Test
    void scriptWithATokenOnboardsScansPollsAndDownloadsAndIsAudited() throws Exception {
        TeamRef team = accounts.team("script");
        TeamRef otherTeam = accounts.team("script-other");
        UserView operator = accounts.user("script-op", Role.OPERATOR, team);
        UserView admin = accounts.user("script-admin", Role.ADMIN);
        UserView stranger = accounts.user("script-other", Role.OPERATOR, otherTeam);
        String tag = "batch-" + UUID.randomUUID().toString().substring(0, 8);
        List<String> names = new ArrayList<>();
        for (int i = 0; i < DOMAINS; i++) {
            String name = ScanningTestSupport.uniqueDomain("script" + i);
            ScanningTestSupport.serve(name, "v=spf1 -all");
            names.add(name);
        }

        Browser session = new Browser();
        session.login(operator.username());
        String token = session.createToken("nightly script");
        String otherToken = new Browser().loginAnd(stranger.username()).createToken("other team");

        // 1. onboard: one CSV with a header, every domain in the team with the batch tag
        String csv = "domain,team,tags,selectors\n"
                + names.stream()
                        .map(n -> n + "," + team.name() + "," + tag + ",")
                        .collect(Collectors.joining("\n")) + "\n";
        HttpResponse<String> imported = api(token, "POST", "/api/v1/domains/import", "text/csv", csv);
        assertThat(imported.statusCode()).as(imported.body()).isEqualTo(200);
        JsonNode report = json.readTree(imported.body());
        assertThat(report.get("imported").asInt()).isEqualTo(DOMAINS);
        assertThat(report.get("errors")).isEmpty();
        List<Long> ids = new ArrayList<>();
        report.get("ids").forEach(n -> ids.add(n.asLong()));
        JsonNode listed = json.readTree(
                api(token, "GET", "/api/v1/domains?tag=" + tag, null, null).body());
        assertThat(listed.get("total").asLong()).isEqualTo(DOMAINS);
        assertThat(json.readTree(api(token, "GET", "/api/v1/tags", null, null).body())
                        .get("items")
                        .toString())
                .contains(tag);

        // 2. scan them
        HttpResponse<String> started = api(
                token,
                "POST",
                "/api/v1/scans",
                "application/json",
                json.writeValueAsString(Map.of("scope", "domains", "domainIds", ids)));
        assertThat(started.statusCode()).as(started.body()).isEqualTo(201);
        long scanId = json.readTree(started.body()).get("id").asLong();
        assertThat(started.headers().firstValue("Location")).hasValue("/api/v1/scans/" + scanId);
        assertThat(json.readTree(started.body()).get("total").asInt()).isEqualTo(DOMAINS);

        // 3. poll until done; progress only grows, and the ETA is given while it runs
        List<JsonNode> polls = new ArrayList<>();
        await().atMost(Duration.ofMinutes(4))
                .pollInterval(Duration.ofMillis(500))
                .until(() -> {
                    HttpResponse<String> r = api(token, "GET", "/api/v1/scans/" + scanId, null, null);
                    assertThat(r.statusCode()).isEqualTo(200);
                    JsonNode p = json.readTree(r.body());
                    polls.add(p);
                    return p.get("state").asString().equals("DONE");
                });
        JsonNode last = polls.getLast();
        assertThat(last.get("done").asInt()).isEqualTo(DOMAINS);
        assertThat(last.get("remaining").asInt()).isZero();
        assertThat(last.get("percent").asInt()).isEqualTo(100);
        assertThat(last.get("etaSeconds").isNull()).isTrue();
        // what the scan found: every domain scanned; none could have got better or worse (their first scan)
        assertThat(last.get("found").get("scanned").asInt()).isEqualTo(DOMAINS);
        assertThat(last.get("found").get("worse").asInt()).isZero();
        assertThat(last.get("found").get("better").asInt()).isZero();
        assertThat(last.get("found").has("errors")).isTrue();
        for (int i = 1; i < polls.size(); i++) {
            assertThat(polls.get(i).get("done").asInt())
                    .isGreaterThanOrEqualTo(polls.get(i - 1).get("done").asInt());
        }
        assertThat(polls).allSatisfy(p -> assertThat(p.get("state").asString()).isIn("QUEUED", "RUNNING", "DONE"));
        assertThat(json.readTree(api(token, "GET", "/api/v1/scans", null, null).body())
                        .get("items")
                        .toString())
                .contains("\"id\":" + scanId);

        // 4. results: follow "next" to the end; every domain has results
        Set<String> withResults = new HashSet<>();
        int resultCount = 0;
        String next = "/api/v1/results";
        for (int pages = 0; next != null && pages < 1000; pages++) {
            HttpResponse<String> r = api(token, "GET", next, null, null);
            assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
            JsonNode page = json.readTree(r.body());
            for (JsonNode result : page.get("items")) {
                withResults.add(result.get("domain").asString());
                resultCount++;
            }
            next = page.get("next").isNull() ? null : page.get("next").asString();
        }
        assertThat(withResults).containsAll(names);
        JsonNode spf = json.readTree(api(token, "GET", "/api/v1/results?domain=" + names.getFirst(), null, null)
                .body());
        assertThat(spf.get("items").toString()).contains("\"check\":\"spf\"");

        // 5. a CSV report of the batch, downloaded and verified against its SHA-256
        HttpResponse<String> created = api(
                token,
                "POST",
                "/api/v1/reports",
                "application/json",
                "{\"format\":\"CSV\",\"scope\":{\"kind\":\"tag\",\"tag\":\"" + tag + "\"}}");
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        JsonNode archived = json.readTree(created.body());
        HttpResponse<byte[]> file =
                apiBytes(token, archived.get("links").get("download").asString());
        assertThat(file.statusCode()).isEqualTo(200);
        String sha =
                HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(file.body()));
        assertThat(sha)
                .isEqualTo(archived.get("sha256").asString())
                .isEqualTo(file.headers().firstValue("X-Content-SHA256").orElseThrow());
        String csvReport = new String(file.body(), StandardCharsets.UTF_8);
        assertThat(names).allSatisfy(n -> assertThat(csvReport).contains(n));

        // 6. another team's token does not see the scan
        assertThat(api(otherToken, "GET", "/api/v1/scans/" + scanId, null, null).statusCode())
                .isEqualTo(404);
        assertThat(api(otherToken, "POST", "/api/v1/scans/" + scanId + "/cancel", null, null)
                        .statusCode())
                .isEqualTo(404);
        assertThat(json.readTree(api(otherToken, "GET", "/api/v1/scans", null, null)
                                .body())
                        .get("items")
                        .toString())
                .doesNotContain("\"id\":" + scanId);

        // 7. the audit log (read by an admin: report entries concern no single team) shows what the token did
        String prefix = token.substring(0, 13);
        String audit = new Browser()
                .loginAnd(admin.username())
                .get("/audit.csv?actor=" + operator.username())
                .body();
        Map<String, Long> byAction = new LinkedHashMap<>();
        for (String line : audit.split("\r\n")) {
            if (line.contains("via=token:" + prefix)) {
                byAction.merge(line.split(",")[4], 1L, Long::sum);
            }
        }
        assertThat(byAction)
                .containsEntry("domains.imported", 1L)
                .containsEntry("domain.added", (long) DOMAINS)
                .containsEntry("scan.started", 1L)
                .containsEntry("report.generated", 1L);
        assertThat(audit).contains("scan:" + scanId, "imported=" + DOMAINS + " rejected=0");

        // 8. revoked, the token is refused
        long tokenId =
                jdbc.queryForObject("select id from api_token where prefix = ?", Long.class, token.substring(3, 13));
        assertThat(session.post("/account/tokens/" + tokenId + "/revoke", "/account/tokens")
                        .statusCode())
                .isEqualTo(302);
        assertThat(api(token, "GET", "/api/v1/scans/" + scanId, null, null).statusCode())
                .isEqualTo(401);
        assertThat(api(token, "GET", "/api/v1/domains", null, null).statusCode())
                .isEqualTo(401);
    }

    private HttpResponse<String> api(String token, String method, String path, String contentType, String body)
            throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(60))
                .header("Authorization", "Bearer " + token)
                .header("Accept", "application/json");
        if (contentType != null) {
            b.header("Content-Type", contentType);
        }
        b.method(
                method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        try (HttpClient client = HttpClient.newHttpClient()) {
            return client.send(b.build(), HttpResponse.BodyHandlers.ofString());
        }
    }

    private HttpResponse<byte[]> apiBytes(String token, String path) throws Exception {
        HttpRequest r = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(60))
                .header("Authorization", "Bearer " + token)
                .build();
        try (HttpClient client = HttpClient.newHttpClient()) {
            return client.send(r, HttpResponse.BodyHandlers.ofByteArray());
        }
    }

    /** A browser session over real HTTP: cookies, the login form and the CSRF token of each form. */
    private final class Browser {

        private final HttpClient client = HttpClient.newBuilder()
                .cookieHandler(new CookieManager())
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();

        Browser loginAnd(String username) throws Exception {
            login(username);
            return this;
        }

        void login(String username) throws Exception {
            HttpResponse<String> r =
                    post("/login", "/login", "username", username, "password", AccountsTestSupport.PASSWORD);
            assertThat(r.statusCode()).isEqualTo(302);
            assertThat(r.headers().firstValue("Location").orElse("")).doesNotContain("error", "locked");
        }

        String createToken(String name) throws Exception {
            HttpResponse<String> r =
                    post("/account/tokens", "/account/tokens", "name", name, "role", "OPERATOR", "validDays", "30");
            assertThat(r.statusCode()).isEqualTo(302);
            Matcher m = SECRET.matcher(get("/account/tokens").body());
            assertThat(m.find()).as("the new token is shown once").isTrue();
            return m.group();
        }

        HttpResponse<String> get(String path) throws Exception {
            return client.send(
                    HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
        }

        /** Posts the form of page {@code formPage} (for its CSRF token) to {@code path}. */
        HttpResponse<String> post(String path, String formPage, String... fields) throws Exception {
            Matcher csrf = CSRF.matcher(get(formPage).body());
            assertThat(csrf.find()).as("CSRF token on " + formPage).isTrue();
            StringBuilder form =
                    new StringBuilder("_csrf=").append(enc(csrf.group(1) != null ? csrf.group(1) : csrf.group(2)));
            for (int i = 0; i < fields.length; i += 2) {
                form.append('&').append(enc(fields[i])).append('=').append(enc(fields[i + 1]));
            }
            return client.send(
                    HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                            .header("Content-Type", "application/x-www-form-urlencoded")
                            .POST(HttpRequest.BodyPublishers.ofString(form.toString()))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
        }

        private static String enc(String s) {
            return URLEncoder.encode(s, StandardCharsets.UTF_8);
        }
    }
}
