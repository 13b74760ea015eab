package dev.mailward.accounts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.mailward.MailwardIntegrationTest;
import dev.mailward.testbrowser.HeadlessChromium;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Single sign-on in headless Chromium against a real OpenID provider on loopback ({@link TestOpenIdProvider},
 * Spring Authorization Server, on {@code localhost}: another site than the console's {@code 127.0.0.1}, so the
 * SameSite=Strict session cookie is tested as with a real provider). The "Sign in with …" button, the provider's
 * login, back in the console with the role and teams the groups grant (highest role wins, teams add up, a teams
 * claim adds more), the session in the sessions list, sign-out; a person whose groups grant nothing is refused
 * with a message, also at the next sign-in of someone whose groups were taken away; every outcome in the audit
 * log with the method and issuer. And the switch of local password sign-in: off for a normal account, still on for
 * the break-glass one, API tokens unaffected.
 */
@MailwardIntegrationTest
class OidcSignInBrowserTests {

    static final String OPERATORS_TEAM = "sso-operators-team";
    static final String EXTRA_TEAM = "sso-extra-team";
    static final String BREAK_GLASS = "glass-oidc";

    private static TestOpenIdProvider provider;
    private static HeadlessChromium chromium;
    private static WebDriver browser;

    @LocalServerPort
    int port;

    @Autowired
    AccountService accounts;

    @Autowired
    AccountsTestSupport support;

    @Autowired
    JdbcTemplate jdbc;

    @DynamicPropertySource
    static void singleSignOn(DynamicPropertyRegistry registry) {
        // started here: Spring Boot reads the provider's discovery document while the console starts
        provider = TestOpenIdProvider.start("localhost");
        String registration = "spring.security.oauth2.client.registration.test-idp.";
        registry.add(registration + "client-id", () -> TestOpenIdProvider.CLIENT_ID);
        registry.add(registration + "client-secret", () -> TestOpenIdProvider.CLIENT_SECRET);
        registry.add(registration + "client-name", () -> "Test IdP");
        registry.add(registration + "scope", () -> "openid,profile");
        registry.add(registration + "authorization-grant-type", () -> "authorization_code");
        registry.add("spring.security.oauth2.client.provider.test-idp.issuer-uri", provider::issuer);
        registry.add("mailward.accounts.oidc.roles-claim", () -> "groups");
        registry.add("mailward.accounts.oidc.teams-claim", () -> "mailward_teams");
        registry.add("mailward.accounts.oidc.groups[0].name", () -> "mailward-admins");
        registry.add("mailward.accounts.oidc.groups[0].role", () -> "ADMIN");
        registry.add("mailward.accounts.oidc.groups[1].name", () -> "mailward-operators");
        registry.add("mailward.accounts.oidc.groups[1].role", () -> "OPERATOR");
        registry.add("mailward.accounts.oidc.groups[1].teams", () -> OPERATORS_TEAM);
        registry.add("mailward.accounts.password-sign-in.break-glass", () -> BREAK_GLASS);
    }

    @BeforeAll
    static void startBrowser() throws IOException {
        chromium = HeadlessChromium.start(1280, 900);
        browser = chromium.driver();
    }

    @AfterAll
    static void stop() {
        if (chromium != null) {
            chromium.close();
        }
        if (provider != null) {
            provider.close();
        }
    }

    @BeforeEach
    void freshBrowserAndTeams() {
        // signed out of both sites: the provider remembers whoever signed in last otherwise
        ((ChromeDriver) browser).executeCdpCommand("Network.clearBrowserCookies", Map.of());
        for (String team : List.of(OPERATORS_TEAM, EXTRA_TEAM)) {
            if (accounts.teamIdsByName(List.of(team)).isEmpty()) {
                accounts.createTeam(team, "test");
            }
        }
    }

    @Test
    void signsInWithTheButtonTakesRoleAndTeamsFromTheGroupsAndIsRefusedOnceTheyAreGone() {
        TestOpenIdProvider.setGroups("sso-operator", List.of("mailward-operators", "unrelated"), List.of(EXTRA_TEAM));
        browser.get(url("/login"));
        assertThat(browser.findElement(By.id("sso-test-idp")).getText()).isEqualTo("Sign in with Test IdP");
        browser.findElement(By.id("sso-test-idp")).click();
        providerLogin("sso-operator");
        signedIn();

        UserView user = accounts.findUser("sso-operator").orElseThrow();
        assertThat(user.role()).isEqualTo(Role.OPERATOR);
        assertThat(user.teams()).extracting(TeamRef::name).containsExactlyInAnyOrder(OPERATORS_TEAM, EXTRA_TEAM);
        assertThat(user.displayName()).isEqualTo("SSO sso-operator");
        // the session is a console session like any other: in the sessions list, role rules apply
        browser.get(url("/account"));
        assertThat(browser.findElements(By.cssSelector("#sessions-table tbody tr")))
                .hasSize(1);
        browser.get(url("/admin/users"));
        assertThat(browser.getPageSource()).doesNotContain("id=\"users\"");
        awaitAudit("sso-operator", "login.succeeded", "method=OIDC issuer=" + provider.issuer());

        browser.get(url("/logout"));
        browser.findElement(By.cssSelector("#logout-form button[type=submit]")).click();
        waiting().until(ExpectedConditions.urlContains("/login?logout"));

        // the provider took the groups away: the next sign-in is refused (the provider's session still stands)
        TestOpenIdProvider.setGroups("sso-operator", List.of("unrelated"), List.of());
        browser.findElement(By.id("sso-test-idp")).click();
        waiting().until(ExpectedConditions.urlContains("/login?sso-refused=no-group"));
        assertThat(browser.findElement(By.id("login-sso-refused")).getText())
                .contains("none of your groups grants access");
        awaitAudit("sso-operator", "login.failed", "reason=no-group method=OIDC issuer=" + provider.issuer());
        browser.get(url("/account"));
        assertThat(browser.getCurrentUrl()).contains("/login");
    }

    @Test
    void theHighestRoleWinsAndAPersonWithoutAGroupIsRefused() {
        TestOpenIdProvider.setGroups("sso-admin", List.of("mailward-operators", "mailward-admins"), List.of());
        browser.get(url("/login"));
        browser.findElement(By.id("sso-test-idp")).click();
        providerLogin("sso-admin");
        signedIn();
        assertThat(accounts.findUser("sso-admin").orElseThrow().role()).isEqualTo(Role.ADMIN);
        browser.get(url("/admin/sign-in"));
        assertThat(browser.findElement(By.id("sso-providers")).getText()).contains("Test IdP");

        ((ChromeDriver) browser).executeCdpCommand("Network.clearBrowserCookies", Map.of());
        TestOpenIdProvider.setGroups("sso-nobody", List.of(), List.of());
        browser.get(url("/login"));
        browser.findElement(By.id("sso-test-idp")).click();
        providerLogin("sso-nobody");
        waiting().until(ExpectedConditions.urlContains("/login?sso-refused=no-group"));
        assertThat(browser.findElement(By.id("login-sso-refused")).isDisplayed())
                .isTrue();
        assertThat(accounts.findUser("sso-nobody"))
                .as("no account for a refused person")
                .isEmpty();
        awaitAudit(
                "sso-nobody", "login.failed", "reason=no-group (no such user) method=OIDC issuer=" + provider.issuer());
    }

    @Test
    void passwordSignInSwitchedOffRefusesANormalAccountButNotTheBreakGlassOneNorApiTokens() throws Exception {
        if (accounts.findUser(BREAK_GLASS).isEmpty()) {
            support.userWithPassword(BREAK_GLASS, AccountsTestSupport.PASSWORD, Role.ADMIN);
        }
        UserView normal = support.user("pw-normal", Role.OPERATOR);
        String token = support.apiToken(normal, Role.OPERATOR);
        try {
            passwordLogin(BREAK_GLASS);
            signedIn();
            browser.get(url("/admin/sign-in"));
            browser.findElement(By.id("password-switch")).click();
            waiting()
                    .until(ExpectedConditions.textToBePresentInElementLocated(
                            By.id("password-state"), "Only the break-glass"));
            await().atMost(Duration.ofSeconds(10))
                    .untilAsserted(() -> assertThat(jdbc.queryForList(
                                    "select detail from audit_log where actor = ? and action = ?",
                                    String.class,
                                    BREAK_GLASS,
                                    "settings.password-sign-in"))
                            .contains("break-glass accounts only (" + BREAK_GLASS + ")"));

            ((ChromeDriver) browser).executeCdpCommand("Network.clearBrowserCookies", Map.of());
            passwordLogin(normal.username());
            waiting().until(ExpectedConditions.urlContains("/login?password-off"));
            assertThat(browser.findElement(By.id("login-password-off")).getText())
                    .contains("switched off");
            assertThat(browser.findElement(By.id("login-password-note")).isDisplayed())
                    .isTrue();
            awaitAudit(normal.username(), "login.failed", "reason=password-sign-in-off method=PASSWORD");

            HttpResponse<String> api = HttpClient.newHttpClient()
                    .send(
                            HttpRequest.newBuilder(URI.create(url("/api/v1/domains")))
                                    .header("Authorization", "Bearer " + token)
                                    .build(),
                            HttpResponse.BodyHandlers.ofString());
            assertThat(api.statusCode()).as("API tokens are not concerned").isEqualTo(200);

            passwordLogin(BREAK_GLASS);
            signedIn();
        } finally {
            jdbc.update("delete from sign_in_setting");
        }
    }

    private void providerLogin(String username) {
        waiting().until(ExpectedConditions.urlContains("localhost"));
        waiting()
                .until(ExpectedConditions.visibilityOfElementLocated(By.id("username")))
                .sendKeys(username);
        browser.findElement(By.id("password")).sendKeys(TestOpenIdProvider.PASSWORD);
        browser.findElement(By.cssSelector("button[type=submit]")).click();
    }

    private void passwordLogin(String username) {
        browser.get(url("/login"));
        browser.findElement(By.name("username")).sendKeys(username);
        browser.findElement(By.name("password")).sendKeys(AccountsTestSupport.PASSWORD);
        browser.findElement(By.cssSelector("form.stacked button[type=submit]")).click();
    }

    /** On a console page with a session: not the login page, not the continue page. */
    private void signedIn() {
        try {
            waiting().until(d -> {
                String at = d.getCurrentUrl();
                return at.startsWith(url("/")) && !at.contains("/login");
            });
        } catch (org.openqa.selenium.TimeoutException e) {
            throw new AssertionError(
                    "not signed in, at " + browser.getCurrentUrl() + ": "
                            + browser.findElement(By.tagName("body")).getText(),
                    e);
        }
        browser.get(url("/account"));
        assertThat(browser.getCurrentUrl()).as("signed in").doesNotContain("/login");
    }

    private void awaitAudit(String username, String action, String detail) {
        await().atMost(Duration.ofSeconds(10))
                .untilAsserted(() -> assertThat(jdbc.queryForList(
                                "select detail from audit_log where target = ? and action = ?",
                                String.class,
                                "user:" + username,
                                action))
                        .contains(detail));
    }

    private WebDriverWait waiting() {
        return new WebDriverWait(browser, Duration.ofSeconds(15));
    }

    private String url(String path) {
        return "http://127.0.0.1:" + port + path;
    }
}
