package dev.mailward.accounts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.mailward.MailwardIntegrationTest;
import dev.mailward.testbrowser.Axe;
import dev.mailward.testbrowser.HeadlessChromium;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
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
 * Single sign-on with {@code mailward.accounts.oidc.create-users=false} and a second factor required of everyone
 * ({@code mailward.accounts.second-factor.required=ALL}), in headless Chromium against the loopback OpenID
 * provider ({@link TestOpenIdProvider}; the default settings are {@link OidcSignInBrowserTests}'). Only accounts an
 * admin created beforehand sign on: a person with no account is refused, one whose preferred user name or
 * <em>verified</em> e-mail names an account is linked to it once (another identity of the same provider claiming
 * the same name later is not), and a break-glass account is never linked that way. A session opened by single
 * sign-on is not led to the console's enrolment (the provider guards it), while a password sign-in of the same
 * account is. The login page with its "Sign in with …" and passkey buttons and the admins' sign-in page fit a
 * 390 px phone and pass axe-core (screenshots under {@code target/screenshots/sso-*.png}).
 */
@MailwardIntegrationTest
class OidcPreCreatedAccountsBrowserTests {

    static final String BREAK_GLASS = "glass-sso";
    static final String BY_MAIL = "by-mail@example.org";
    private static final Path SCREENSHOTS = Path.of("target/screenshots");

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
    static void singleSignOnForPreCreatedAccounts(DynamicPropertyRegistry registry) {
        provider = TestOpenIdProvider.start("localhost");
        String registration = "spring.security.oauth2.client.registration.test-idp.";
        registry.add(registration + "client-id", () -> TestOpenIdProvider.CLIENT_ID);
        registry.add(registration + "client-secret", () -> TestOpenIdProvider.CLIENT_SECRET);
        registry.add(registration + "client-name", () -> "Test IdP");
        registry.add(registration + "scope", () -> "openid,profile");
        registry.add(registration + "authorization-grant-type", () -> "authorization_code");
        registry.add("spring.security.oauth2.client.provider.test-idp.issuer-uri", provider::issuer);
        registry.add("mailward.accounts.oidc.create-users", () -> "false");
        registry.add("mailward.accounts.oidc.groups[0].name", () -> "mailward-admins");
        registry.add("mailward.accounts.oidc.groups[0].role", () -> "ADMIN");
        registry.add("mailward.accounts.oidc.groups[1].name", () -> "mailward-operators");
        registry.add("mailward.accounts.oidc.groups[1].role", () -> "OPERATOR");
        registry.add("mailward.accounts.password-sign-in.break-glass", () -> BREAK_GLASS);
        registry.add("mailward.accounts.second-factor.required", () -> "ALL");
    }

    @BeforeAll
    static void startBrowser() throws IOException {
        chromium = HeadlessChromium.start(1440, 900);
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
    void signedOutOfBothSites() {
        ((ChromeDriver) browser).executeCdpCommand("Network.clearBrowserCookies", Map.of());
        browser.manage().window().setSize(new Dimension(1440, 900));
    }

    @Test
    void onlyAPreCreatedAccountSignsOnOnceLinkedAndTheConsolesSecondFactorIsNotAsked() {
        // no account: refused, and none is created
        TestOpenIdProvider.setGroups("sso-stranger", List.of("mailward-operators"), List.of());
        singleSignOn("sso-stranger");
        refused("no-account");
        assertThat(browser.findElement(By.id("login-sso-refused")).getText()).isNotBlank();
        assertThat(accounts.findUser("sso-stranger")).as("no account created").isEmpty();
        awaitAudit(
                "sso-stranger",
                "login.failed",
                "reason=no-account (no such user) method=OIDC issuer=" + provider.issuer());

        UserView precreated = accounts.findUser("sso-precreated")
                .orElseGet(
                        () -> support.userWithPassword("sso-precreated", AccountsTestSupport.PASSWORD, Role.AUDITOR));
        // the setting is in force: the same account's password sign-in is led to the enrolment first
        passwordLogin(precreated.username());
        waiting().until(ExpectedConditions.urlContains("/account/second-factor"));
        browser.get(url("/domains"));
        assertThat(browser.getCurrentUrl()).contains("/account/second-factor");

        ((ChromeDriver) browser).executeCdpCommand("Network.clearBrowserCookies", Map.of());
        TestOpenIdProvider.setGroups("sso-precreated", List.of("mailward-operators"), List.of());
        singleSignOn("sso-precreated");
        signedIn();
        browser.get(url("/domains"));
        assertThat(browser.getCurrentUrl())
                .as("a single sign-on session is not led to the console's enrolment")
                .endsWith("/domains");
        assertThat(accounts.findUser("sso-precreated").orElseThrow().role())
                .as("the role the groups grant")
                .isEqualTo(Role.OPERATOR);
        assertThat(links(precreated.id())).containsExactly("sso-precreated");
        awaitAudit("sso-precreated", "login.succeeded", "method=OIDC issuer=" + provider.issuer());

        // once linked, another identity of the same provider that claims the same user name is not linked to it
        ((ChromeDriver) browser).executeCdpCommand("Network.clearBrowserCookies", Map.of());
        TestOpenIdProvider.setClaims(
                "sso-impostor", List.of("mailward-admins"), Map.of("preferred_username", "sso-precreated"));
        singleSignOn("sso-impostor");
        refused("no-account");
        assertThat(links(precreated.id())).containsExactly("sso-precreated");
        assertThat(accounts.findUser("sso-precreated").orElseThrow().role()).isEqualTo(Role.OPERATOR);
    }

    @Test
    void aVerifiedEmailLinksAnAccountButABreakGlassAccountIsNeverLinked() throws IOException {
        UserView byMail = accounts.findUser(BY_MAIL)
                .orElseGet(() -> support.userWithPassword(BY_MAIL, AccountsTestSupport.PASSWORD, Role.AUDITOR));
        // an e-mail address the provider has not verified names no account
        TestOpenIdProvider.setClaims(
                "sso-by-mail",
                List.of("mailward-admins"),
                Map.of("email", "By-Mail@example.org", "email_verified", false));
        singleSignOn("sso-by-mail");
        refused("no-account");
        assertThat(links(byMail.id())).isEmpty();

        ((ChromeDriver) browser).executeCdpCommand("Network.clearBrowserCookies", Map.of());
        TestOpenIdProvider.setClaims(
                "sso-by-mail",
                List.of("mailward-admins"),
                Map.of("email", "By-Mail@example.org", "email_verified", true));
        singleSignOn("sso-by-mail");
        signedIn();
        assertThat(links(byMail.id())).containsExactly("sso-by-mail");
        assertThat(accounts.findUser(BY_MAIL).orElseThrow().role()).isEqualTo(Role.ADMIN);

        // the admins' sign-in page, signed in by single sign-on: the providers listed, fits a phone, passes axe
        List<String> problems = new ArrayList<>();
        for (int width : new int[] {1440, 390}) {
            browser.manage().window().setSize(new Dimension(width, width == 390 ? 844 : 900));
            browser.get(url("/admin/sign-in"));
            assertThat(browser.findElement(By.id("sso-providers")).getText()).contains("Test IdP");
            check("sso-admin-sign-in-" + width, width, problems);
        }
        browser.manage().window().setSize(new Dimension(1440, 900));

        // a break-glass account is never linked by its name, even with a group that grants access
        ((ChromeDriver) browser).executeCdpCommand("Network.clearBrowserCookies", Map.of());
        UserView glass = accounts.findUser(BREAK_GLASS)
                .orElseGet(() -> support.userWithPassword(BREAK_GLASS, AccountsTestSupport.PASSWORD, Role.ADMIN));
        TestOpenIdProvider.setGroups(BREAK_GLASS, List.of("mailward-admins"), List.of());
        singleSignOn(BREAK_GLASS);
        refused("no-account");
        assertThat(links(glass.id())).isEmpty();
        awaitAudit(
                BREAK_GLASS,
                "login.failed",
                "reason=no-account (no such user) method=OIDC issuer=" + provider.issuer());
        assertThat(problems)
                .as("pages that scroll sideways at 390 px or have axe-core violations")
                .isEmpty();
    }

    @Test
    void theLoginPageWithItsSingleSignOnAndPasskeyButtonsFitsAPhoneAndPassesAxe() throws IOException {
        List<String> problems = new ArrayList<>();
        for (int width : new int[] {1440, 390}) {
            browser.manage().window().setSize(new Dimension(width, width == 390 ? 844 : 900));
            browser.get(url("/login"));
            assertThat(browser.findElement(By.id("sso-test-idp")).isDisplayed()).isTrue();
            assertThat(browser.findElements(By.id("passkey-sign-in")))
                    .as("the passkey button")
                    .isNotEmpty();
            check("sso-login-" + width, width, problems);
        }
        assertThat(problems)
                .as("pages that scroll sideways at 390 px or have axe-core violations")
                .isEmpty();
    }

    /** The subjects of this provider linked to the account. */
    private List<String> links(long userId) {
        return jdbc.queryForList(
                "select subject from oidc_identity where user_id = ? and issuer = ?",
                String.class,
                userId,
                provider.issuer());
    }

    private void singleSignOn(String username) {
        browser.get(url("/login"));
        browser.findElement(By.id("sso-test-idp")).click();
        // signed out of the provider too (cookies cleared): its login form
        waiting().until(ExpectedConditions.urlContains("localhost"));
        waiting()
                .until(ExpectedConditions.visibilityOfElementLocated(By.id("username")))
                .sendKeys(username);
        browser.findElement(By.id("password")).sendKeys(TestOpenIdProvider.PASSWORD);
        browser.findElement(By.cssSelector("button[type=submit]")).click();
    }

    private void refused(String reason) {
        waiting().until(ExpectedConditions.urlContains("/login?sso-refused=" + reason));
        assertThat(browser.findElement(By.id("login-sso-refused")).isDisplayed())
                .isTrue();
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
    }

    /** Adds what is wrong with the page at {@code width} (sideways scrolling at 390 px, axe) to {@code problems}. */
    private void check(String name, int width, List<String> problems) throws IOException {
        JavascriptExecutor js = (JavascriptExecutor) browser;
        if (width < 400) {
            Number scroll = (Number) js.executeScript("return document.documentElement.scrollWidth");
            Number inner = (Number) js.executeScript("return window.innerWidth");
            if (scroll.intValue() > inner.intValue()) {
                problems.add(name + ": scrolls sideways (scrollWidth " + scroll + " > innerWidth " + inner + ")");
            }
        }
        // the whole page
        Dimension before = browser.manage().window().getSize();
        Number height = (Number) js.executeScript("return Math.min(6000, document.documentElement.scrollHeight)");
        browser.manage().window().setSize(new Dimension(width, Math.max(before.getHeight(), height.intValue())));
        Files.createDirectories(SCREENSHOTS);
        File shot = ((TakesScreenshot) browser).getScreenshotAs(OutputType.FILE);
        Files.copy(shot.toPath(), SCREENSHOTS.resolve(name + ".png"), StandardCopyOption.REPLACE_EXISTING);
        browser.manage().window().setSize(before);
        if (Files.isReadable(Path.of(System.getProperty("mailward.axe", Axe.DEFAULT.toString())))) {
            Axe.load().violations(browser).forEach(v -> problems.add(name + ": " + v));
        }
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
