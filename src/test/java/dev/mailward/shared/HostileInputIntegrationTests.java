package dev.mailward.shared;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mailward.MailwardIntegrationTest;
import dev.mailward.accounts.AccountsTestSupport;
import dev.mailward.accounts.Role;
import dev.mailward.accounts.TeamRef;
import java.net.CookieManager;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.core.MethodParameter;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.mvc.method.RequestMappingInfo;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Hostile requests over real HTTP (Tomcat, the security filters, the error dispatch): whatever
 * is sent, the answer is a 4xx that says what was wrong, as RFC 9457 problem details under
 * {@code /api/**} and as the console's error page elsewhere; never a 5xx, never Tomcat's own page
 * or an empty body.
 */
@MailwardIntegrationTest
class HostileInputIntegrationTests {

    private static final Pattern CSRF_META = Pattern.compile("<meta name=\"_csrf\" content=\"([^\"]+)\"");
    private static final Pattern CSRF_INPUT =
            Pattern.compile("name=\"_csrf\"\\s+value=\"([^\"]+)\"|value=\"([^\"]+)\"\\s+name=\"_csrf\"");
    /** Names sent with a NUL on every GET route besides the route's own parameters. */
    private static final List<String> COMMON_NAMES = List.of("q", "x");

    @LocalServerPort
    int port;

    @Autowired
    AccountsTestSupport support;

    @Autowired
    @Qualifier("requestMappingHandlerMapping")
    RequestMappingHandlerMapping mappings;

    private final JsonMapper json = JsonMapper.builder().build();
    private String admin;

    @BeforeEach
    void setUp() {
        admin = support.user("hostile", Role.ADMIN).username();
    }

    // ------------------------------------------------------------------ NUL in a query parameter

    @Test
    void aNulInAnyQueryParameterOfAnyGetRouteIsRefusedWith400NamingIt() throws Exception {
        Browser browser = new Browser().login(admin);
        List<String> wrong = new ArrayList<>();
        int requests = 0;
        for (Map.Entry<RequestMappingInfo, HandlerMethod> e :
                mappings.getHandlerMethods().entrySet()) {
            HandlerMethod handler = e.getValue();
            if (!handler.getBeanType().getPackageName().startsWith("dev.mailward")) {
                continue;
            }
            Set<RequestMethod> methods = e.getKey().getMethodsCondition().getMethods();
            if (!methods.isEmpty() && !methods.contains(RequestMethod.GET)) {
                continue;
            }
            for (String pattern : e.getKey().getPatternValues()) {
                String path = pattern.replaceAll("\\{[^}]+}", "1");
                for (String name : parameterNames(handler)) {
                    String uri = path + "?" + name + "=ab%00cd";
                    requests++;
                    HttpResponse<String> r = path.startsWith("/api/") ? api("GET", uri, null, null) : browser.get(uri);
                    String problem = checkNulRefusal(path, name, r);
                    if (problem != null) {
                        wrong.add("GET " + uri + " -> " + r.statusCode() + ": " + problem);
                    }
                }
            }
        }
        assertThat(requests).as("GET routes with parameters walked").isGreaterThan(40);
        assertThat(wrong).isEmpty();
    }

    @Test
    void otherControlCharactersAreRefusedButTabsAndLineBreaksAreNot() throws Exception {
        HttpResponse<String> r = api("GET", "/api/v1/domains?q=a%1Bb", null, null);
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(field(r)).isEqualTo("q");
        // notes and pasted lists are multi-line text
        HttpResponse<String> ok = api("GET", "/api/v1/domains?q=" + enc("a\tb\r\nc"), null, null);
        assertThat(ok.statusCode()).isEqualTo(200);
    }

    private String checkNulRefusal(String path, String name, HttpResponse<String> r) {
        if (r.statusCode() != 400) {
            return "expected 400";
        }
        String type = r.headers().firstValue("Content-Type").orElse("");
        if (path.startsWith("/api/")) {
            if (!type.startsWith("application/problem+json")) {
                return "not problem details: " + type;
            }
            JsonNode p = json.readTree(r.body());
            if (!name.equals(p.path("field").asString())
                    || !p.path("detail").asString().contains(name)) {
                return "does not name the parameter: " + r.body();
            }
            return null;
        }
        if (!type.startsWith("text/html")
                || !r.body().contains("&#39;" + name + "&#39;") && !r.body().contains("'" + name + "'")) {
            return "the error page does not name the parameter";
        }
        return null;
    }

    /** The route's @RequestParam names (and those of a bound form record) plus a few common ones. */
    private static Set<String> parameterNames(HandlerMethod handler) {
        Set<String> names = new LinkedHashSet<>(COMMON_NAMES);
        for (MethodParameter p : handler.getMethodParameters()) {
            RequestParam rp = p.getParameterAnnotation(RequestParam.class);
            if (rp != null) {
                String n = !rp.name().isEmpty() ? rp.name() : p.getParameterName();
                if (n != null) {
                    names.add(n);
                }
            } else if (p.hasParameterAnnotation(ModelAttribute.class)
                    && p.getParameterType().isRecord()) {
                for (var c : p.getParameterType().getRecordComponents()) {
                    names.add(c.getName());
                }
            }
        }
        return names;
    }

    // ------------------------------------------------------------------ routes, methods, media types

    @Test
    void unknownApiRoutesAnswerProblemDetailsAndUnknownPagesTheErrorPage() throws Exception {
        HttpResponse<String> r = api("GET", "/api/v1/no-such-thing", null, null);
        assertProblem(r, 404);
        HttpResponse<String> page = new Browser().login(admin).get("/no-such-page");
        assertThat(page.statusCode()).isEqualTo(404);
        assertThat(page.headers().firstValue("Content-Type").orElse("")).startsWith("text/html");
        assertThat(page.body()).contains("This page does not exist.");
    }

    @Test
    void aWrongMethodAnUnacceptableTypeAndAnUnsupportedBodyAnswerProblemDetails() throws Exception {
        HttpResponse<String> method = api("DELETE", "/api/v1/tags", null, null);
        assertProblem(method, 405);
        HttpResponse<String> accept = send(HttpRequest.newBuilder(url("/api/v1/tags"))
                .header("Authorization", basic())
                .header("Accept", "application/xml")
                .GET());
        assertProblem(accept, 406);
        HttpResponse<String> media = api("POST", "/api/v1/teams", "application/xml", "<team/>");
        assertProblem(media, 415);
    }

    @Test
    void aWrongMethodOnAPageAnswersTheErrorPage() throws Exception {
        Browser browser = new Browser().login(admin);
        String token = browser.csrf("/domains");
        HttpResponse<String> r = browser.client.send(
                HttpRequest.newBuilder(url("/domains"))
                        .header("X-CSRF-TOKEN", token)
                        .method("PUT", HttpRequest.BodyPublishers.noBody())
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(405);
        assertThat(r.headers().firstValue("Content-Type").orElse("")).startsWith("text/html");
        assertThat(r.body()).contains("Error 405");
    }

    // ------------------------------------------------------------------ sizes

    @Test
    void anOversizeMultipartUploadAnswers413() throws Exception {
        String boundary = "----mailward-test";
        // above the largest upload the console takes (mailward.reports.intake.max-file-size, 10 MB by default)
        byte[] big = new byte[11 * 1024 * 1024];
        java.util.Arrays.fill(big, (byte) 'a');
        byte[] head = ("--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"d.txt\"\r\n"
                        + "Content-Type: text/plain\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII);
        byte[] tail = ("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.US_ASCII);
        byte[] body = new byte[head.length + big.length + tail.length];
        System.arraycopy(head, 0, body, 0, head.length);
        System.arraycopy(big, 0, body, head.length, big.length);
        System.arraycopy(tail, 0, body, head.length + big.length, tail.length);

        HttpResponse<String> r = send(HttpRequest.newBuilder(url("/api/v1/servers/1/config"))
                .header("Authorization", basic())
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)));
        assertProblem(r, 413);
        assertThat(json.readTree(r.body()).path("detail").asString()).contains("MB");

        Browser browser = new Browser().login(admin);
        String token = browser.csrf("/domains/import");
        HttpResponse<String> page = browser.client.send(
                HttpRequest.newBuilder(url("/domains/import"))
                        .header("X-CSRF-TOKEN", token)
                        .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                        .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(page.statusCode()).isEqualTo(413);
        assertThat(page.headers().firstValue("Content-Type").orElse("")).startsWith("text/html");
        assertThat(page.body()).contains("too large");
    }

    @Test
    void aLongQueryStringIsRefusedWith414() throws Exception {
        String q = "a".repeat(8 * 1024 + 1); // one more than RequestParameterFilter.MAX_QUERY
        HttpResponse<String> r = api("GET", "/api/v1/domains?q=" + q, null, null);
        assertProblem(r, 414);
        assertThat(json.readTree(r.body()).path("detail").asString()).contains("at most 8192");

        HttpResponse<String> page = new Browser().login(admin).get("/domains?q=" + q);
        assertThat(page.statusCode()).isEqualTo(414);
        assertThat(page.headers().firstValue("Content-Type").orElse("")).startsWith("text/html");
        assertThat(page.body()).contains("The address is too long");
    }

    @Test
    void aRequestLineLargerThanTomcatTakesAnswersAProblemNotTomcatsPage() throws Exception {
        String q = "a".repeat(100_000);
        HttpResponse<String> r = api("GET", "/api/v1/domains?q=" + q, null, null);
        assertThat(r.statusCode()).isBetween(400, 431);
        assertThat(r.headers().firstValue("Content-Type").orElse("")).startsWith("application/problem+json");
        assertThat(json.readTree(r.body()).path("detail").asString()).contains("too large");

        HttpResponse<String> page = new Browser().login(admin).get("/domains?q=" + q);
        assertThat(page.statusCode()).isBetween(400, 431);
        assertThat(page.body()).contains("too large").doesNotContain("Apache Tomcat");
    }

    // ------------------------------------------------------------------ strict JSON

    @Test
    void aNumberWhereTextIsExpectedIsRefused() throws Exception {
        HttpResponse<String> r = api("POST", "/api/v1/teams", "application/json", "{\"name\": 12345}");
        assertProblem(r, 400);
        assertThat(field(r)).isEqualTo("body.name");
    }

    @Test
    void aFractionForAnIdIsRefused() throws Exception {
        HttpResponse<String> r =
                api("POST", "/api/v1/scans", "application/json", "{\"scope\":\"team\",\"teamId\":2.5}");
        assertProblem(r, 400);
        assertThat(field(r)).isEqualTo("body.teamId");
    }

    @Test
    void duplicateKeysAreRefused() throws Exception {
        HttpResponse<String> r =
                api("POST", "/api/v1/teams", "application/json", "{\"name\":\"dup-a\",\"name\":\"dup-b\"}");
        assertProblem(r, 400);
        assertThat(json.readTree(r.body()).path("detail").asString()).containsIgnoringCase("duplicate");
    }

    @Test
    void nullWhereAListOrItsElementIsExpectedIsRefusedWith400() throws Exception {
        TeamRef team = support.team("hostile-null");
        HttpResponse<String> element = api(
                "POST",
                "/api/v1/users",
                "application/json",
                "{\"username\":\"" + AccountsTestSupport.unique("nul") + "\",\"role\":\"AUDITOR\",\"teamIds\":[null],"
                        + "\"password\":\"" + AccountsTestSupport.PASSWORD + "\"}");
        assertProblem(element, 400);
        assertThat(field(element)).isEqualTo("body.teamIds.0");
        HttpResponse<String> domains = api(
                "POST",
                "/api/v1/domains",
                "application/json",
                "{\"name\":\"null-tags.test\",\"teamId\":" + team.id() + ",\"tags\":[\"a\",null]}");
        assertProblem(domains, 400);
        assertThat(field(domains)).isEqualTo("body.tags.1");
        HttpResponse<String> reports = api(
                "POST",
                "/api/v1/reports",
                "application/json",
                "{\"format\":\"CSV\",\"scope\":{\"kind\":\"domains\",\"domains\":[null]}}");
        assertProblem(reports, 400);
        HttpResponse<String> body = api("PUT", "/api/v1/teams/" + team.id(), "application/json", "null");
        assertProblem(body, 400);
    }

    // ------------------------------------------------------------------ helpers

    private void assertProblem(HttpResponse<String> r, int status) {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(status);
        assertThat(r.headers().firstValue("Content-Type").orElse(""))
                .as(r.body())
                .startsWith("application/problem+json");
        JsonNode p = json.readTree(r.body());
        assertThat(p.path("status").asInt()).isEqualTo(status);
        assertThat(p.path("title").asString()).isNotBlank();
        assertThat(p.path("detail").asString()).isNotBlank();
    }

    private String field(HttpResponse<String> r) {
        return json.readTree(r.body()).path("field").asString();
    }

    private URI url(String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }

    private String basic() {
        return "Basic "
                + Base64.getEncoder()
                        .encodeToString((admin + ":" + AccountsTestSupport.PASSWORD).getBytes(StandardCharsets.UTF_8));
    }

    private HttpResponse<String> api(String method, String path, String contentType, String body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(url(path))
                .header("Authorization", basic())
                .header("Accept", "application/json");
        if (contentType != null) {
            b.header("Content-Type", contentType);
        }
        b.method(
                method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        return send(b);
    }

    private HttpResponse<String> send(HttpRequest.Builder b) throws Exception {
        try (HttpClient client = HttpClient.newHttpClient()) {
            return client.send(b.timeout(Duration.ofSeconds(60)).build(), HttpResponse.BodyHandlers.ofString());
        }
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    /** A signed-in browser session over real HTTP. */
    private final class Browser {

        final HttpClient client = HttpClient.newBuilder()
                .cookieHandler(new CookieManager())
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();

        Browser login(String username) throws Exception {
            String token = token(get("/login").body()).orElseThrow();
            HttpResponse<String> r = client.send(
                    HttpRequest.newBuilder(url("/login"))
                            .header("Content-Type", "application/x-www-form-urlencoded")
                            .POST(HttpRequest.BodyPublishers.ofString("_csrf=" + enc(token) + "&username="
                                    + enc(username) + "&password=" + enc(AccountsTestSupport.PASSWORD)))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).isEqualTo(302);
            assertThat(r.headers().firstValue("Location").orElse("")).doesNotContain("error", "locked");
            return this;
        }

        String csrf(String page) throws Exception {
            return token(get(page).body()).orElseThrow();
        }

        HttpResponse<String> get(String path) throws Exception {
            return client.send(
                    HttpRequest.newBuilder(url(path))
                            .timeout(Duration.ofSeconds(60))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
        }

        private Optional<String> token(String html) {
            Matcher meta = CSRF_META.matcher(html);
            if (meta.find()) {
                return Optional.of(meta.group(1));
            }
            Matcher input = CSRF_INPUT.matcher(html);
            return input.find()
                    ? Optional.of(input.group(1) != null ? input.group(1) : input.group(2))
                    : Optional.empty();
        }
    }
}
