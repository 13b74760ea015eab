package dev.mailward.accounts;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mailward.MailwardApplication;
import dev.mailward.testdns.SharedTestDns;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Two console instances on one database (the JVM's shared embedded PostgreSQL), over real HTTP with the
 * session cookie as a browser sends it: a session signed in on one is valid on the other, survives a restart
 * of the instance it was signed in on, and ends on both when its owner signs out everywhere else or an admin
 * disables the account.
 */
class SharedSessionsIntegrationTests {

    private static final Pattern CSRF = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"");

    private final HttpClient http = HttpClient.newHttpClient();
    private ConfigurableApplicationContext first;
    private ConfigurableApplicationContext second;

    static ConfigurableApplicationContext console() {
        return new SpringApplicationBuilder(MailwardApplication.class)
                .initializers(new SharedTestDns.Resolver())
                // arguments, not default properties: they must win over application.properties (port 8080)
                .run(
                        "--server.port=0",
                        "--mailward.dashboard.refresh-enabled=false",
                        "--mailward.dns.timeout=300ms",
                        "--mailward.dns.retries=0");
    }

    static int port(ConfigurableApplicationContext console) {
        return Integer.parseInt(console.getEnvironment().getRequiredProperty("local.server.port"));
    }

    @AfterEach
    void stop() {
        for (ConfigurableApplicationContext c : new ConfigurableApplicationContext[] {first, second}) {
            if (c != null) {
                c.close();
            }
        }
    }

    HttpResponse<String> get(ConfigurableApplicationContext console, String path, String cookie)
            throws IOException, InterruptedException {
        HttpRequest.Builder r = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port(console) + path));
        if (cookie != null) {
            r.header("Cookie", cookie);
        }
        return http.send(r.build(), HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> post(
            ConfigurableApplicationContext console, String path, String cookie, Map<String, String> form)
            throws IOException, InterruptedException {
        String body = form.entrySet().stream()
                .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
                        + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
        HttpRequest.Builder r = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port(console) + path))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (cookie != null) {
            r.header("Cookie", cookie);
        }
        return http.send(r.build(), HttpResponse.BodyHandlers.ofString());
    }

    static String sessionCookie(HttpResponse<?> response) {
        return response.headers().allValues("Set-Cookie").stream()
                .filter(c -> c.startsWith("JSESSIONID="))
                .map(c -> c.substring(0, c.indexOf(';')))
                .reduce((a, b) -> b)
                .orElseThrow(() -> new AssertionError("no session cookie in " + response.headers()));
    }

    static String csrf(HttpResponse<String> page) {
        Matcher m = CSRF.matcher(page.body());
        assertThat(m.find()).as("a CSRF token on " + page.uri()).isTrue();
        return m.group(1);
    }

    /** Signs in through the login form of {@code console}; returns the session cookie. */
    String signIn(ConfigurableApplicationContext console, String username) throws Exception {
        HttpResponse<String> form = get(console, "/login", null);
        String anonymous = sessionCookie(form);
        HttpResponse<String> done = post(
                console,
                "/login",
                anonymous,
                Map.of("username", username, "password", AccountsTestSupport.PASSWORD, "_csrf", csrf(form)));
        assertThat(done.statusCode()).isEqualTo(302);
        assertThat(done.headers().firstValue("Location"))
                .hasValueSatisfying(l -> assertThat(l).endsWith("/"));
        return sessionCookie(done);
    }

    void assertSignedIn(ConfigurableApplicationContext console, String cookie, String username) throws Exception {
        HttpResponse<String> account = get(console, "/account", cookie);
        assertThat(account.statusCode()).as("/account on port " + port(console)).isEqualTo(200);
        assertThat(account.body()).contains(username);
    }

    void assertSentTo(ConfigurableApplicationContext console, String cookie, String loginPage) throws Exception {
        HttpResponse<String> account = get(console, "/account", cookie);
        assertThat(account.statusCode()).isEqualTo(302);
        assertThat(account.headers().firstValue("Location"))
                .hasValueSatisfying(l -> assertThat(l).endsWith(loginPage));
    }

    @Test
    void aSessionIsSharedByTwoConsolesSurvivesARestartAndEndsOnBoth() throws Exception {
        first = console();
        second = console();
        AccountsTestSupport support = first.getBean(AccountsTestSupport.class);
        UserView user = support.user("replicas", Role.OPERATOR);
        UserView admin = support.user("replicas-admin", Role.ADMIN);

        String laptop = signIn(first, user.username());
        assertSignedIn(second, laptop, user.username());

        first.close();
        first = console();
        assertSignedIn(first, laptop, user.username());

        // signed in again on the second console, the user signs out everywhere else from there
        String phone = signIn(second, user.username());
        HttpResponse<String> page = get(second, "/account", phone);
        assertThat(page.body()).contains("this session");
        HttpResponse<String> out =
                post(second, "/account/sessions/sign-out-others", phone, Map.of("_csrf", csrf(page)));
        assertThat(out.statusCode()).isEqualTo(302);
        assertSentTo(first, laptop, "/login?logout");
        assertSentTo(second, laptop, "/login");
        assertSignedIn(first, phone, user.username());

        // an admin on the first console disables the user: the phone's session ends on the second at once
        String boss = signIn(first, admin.username());
        HttpResponse<String> edit = get(first, "/admin/users/" + user.id(), boss);
        HttpResponse<String> saved = post(
                first,
                "/admin/users/" + user.id(),
                boss,
                Map.of("_csrf", csrf(edit), "displayName", user.displayName(), "role", "OPERATOR", "enabled", "false"));
        assertThat(saved.statusCode()).isEqualTo(302);
        assertSentTo(second, phone, "/login?ended");
        assertSentTo(first, phone, "/login");
    }

    @Test
    void concurrentFirstPagesOfOneSessionAllRender() throws Exception {
        // the first pages after a sign-in each store the session's new CSRF token: requests of one session at the
        // same time (a browser's tabs, a page and its fetches) insert the same new attribute row; none may fail
        first = console();
        UserView user = first.getBean(AccountsTestSupport.class).user("concurrent", Role.OPERATOR);
        java.util.List<Integer> statuses = java.util.Collections.synchronizedList(new java.util.ArrayList<>());
        for (int round = 0; round < 6; round++) {
            String cookie = signIn(first, user.username());
            java.util.concurrent.CountDownLatch start = new java.util.concurrent.CountDownLatch(1);
            try (var pool = java.util.concurrent.Executors.newFixedThreadPool(8)) {
                for (int i = 0; i < 8; i++) {
                    pool.submit(() -> {
                        start.await();
                        statuses.add(get(first, "/account", cookie).statusCode());
                        return null;
                    });
                }
                start.countDown();
            }
        }
        assertThat(statuses).hasSize(48).containsOnly(200);
    }
}
