package dev.mailward.accounts;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mailward.MailwardIntegrationTest;
import dev.mailward.testbrowser.Axe;
import dev.mailward.testbrowser.HeadlessChromium;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.openqa.selenium.virtualauthenticator.HasVirtualAuthenticator;
import org.openqa.selenium.virtualauthenticator.VirtualAuthenticator;
import org.openqa.selenium.virtualauthenticator.VirtualAuthenticatorOptions;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Passkeys in headless Chromium with Selenium's WebAuthn virtual authenticator (CTAP2, resident keys, user
 * verification), as a user meets them: a passkey registered and named on the account page, listed with when it
 * was added and last used; signing in with it alone from the login page (the account's session, in the sessions
 * list); the same passkey as the second step after the password (the account now has a second factor, and no
 * authenticator app, so the step offers only the passkey); a disabled account's passkey refused; and, once
 * removed, the passkey no longer signs in. Each step leaves its line in the audit log with the method. The passkeys
 * page and the second step offering a passkey fit a 390 px phone and pass axe-core (screenshots under
 * {@code target/screenshots/passkey*.png}).
 *
 * <p>The browser's origin is checked against {@code mailward.accounts.passkeys.allowed-origins}, which must name
 * the port: this class has its own context on a port chosen before it starts.
 */
@MailwardIntegrationTest
class PasskeyBrowserTests {

    private static final int PORT = freePort();
    private static final Path SCREENSHOTS = Path.of("target/screenshots");

    @DynamicPropertySource
    static void origin(DynamicPropertyRegistry registry) {
        registry.add("server.port", () -> PORT);
        registry.add("mailward.accounts.passkeys.rp-id", () -> "localhost");
        registry.add("mailward.accounts.passkeys.allowed-origins", () -> "http://localhost:" + PORT);
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static HeadlessChromium chromium;
    private static WebDriver browser;
    private VirtualAuthenticator authenticator;

    @Autowired
    AccountsTestSupport accounts;

    @Autowired
    JdbcTemplate jdbc;

    @BeforeAll
    static void startBrowser() throws IOException {
        chromium = HeadlessChromium.start(1440, 900);
        browser = chromium.driver();
    }

    @AfterAll
    static void stopBrowser() {
        if (chromium != null) {
            chromium.close();
        }
    }

    @AfterEach
    void removeAuthenticator() {
        if (authenticator != null) {
            ((HasVirtualAuthenticator) browser).removeVirtualAuthenticator(authenticator);
            authenticator = null;
        }
        browser.manage().deleteAllCookies();
    }

    private void addAuthenticator() {
        authenticator = ((HasVirtualAuthenticator) browser)
                .addVirtualAuthenticator(new VirtualAuthenticatorOptions()
                        .setProtocol(VirtualAuthenticatorOptions.Protocol.CTAP2)
                        .setTransport(VirtualAuthenticatorOptions.Transport.INTERNAL)
                        .setHasResidentKey(true)
                        .setHasUserVerification(true)
                        .setIsUserVerified(true)
                        .setIsUserConsenting(true));
    }

    @Test
    void registerSignInWithItAloneAndAsSecondStepThenRemoveIt() {
        UserView user = accounts.user("passkey-browser", Role.OPERATOR);
        addAuthenticator();

        // registration from the account page
        signInWithPassword(user);
        waiting().until(ExpectedConditions.not(ExpectedConditions.urlContains("/login")));
        browser.get(url("/account"));
        browser.findElement(By.id("passkeys-link")).click();
        waiting().until(ExpectedConditions.visibilityOfElementLocated(By.id("no-passkeys")));
        browser.findElement(By.id("passkey-label")).sendKeys("Laptop");
        browser.findElement(By.id("passkey-add")).click();
        WebElement label = waiting()
                .until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("#passkeys-table .passkey-label")));
        assertThat(label.getText()).isEqualTo("Laptop");
        assertThat(authenticator.getCredentials())
                .as("a resident key on the authenticator")
                .hasSize(1);
        assertThat(authenticator.getCredentials().getFirst().isResidentCredential())
                .isTrue();
        assertThat(audit(user, "passkey.registered")).containsExactly("method=PASSKEY label=Laptop");
        signOut();

        // password-less: the login page's passkey button alone signs in, as the same kind of session
        browser.get(url("/login"));
        browser.findElement(By.id("passkey-sign-in")).click();
        waiting().until(ExpectedConditions.not(ExpectedConditions.urlContains("/login")));
        assertThat(browser.findElement(By.cssSelector(".usermenu .username")).getText())
                .contains(user.username());
        browser.get(url("/account"));
        assertThat(browser.findElements(By.cssSelector("#sessions-table tr.current-session")))
                .as("the passkey's session is in the sessions list")
                .hasSize(1);
        assertThat(browser.findElement(By.cssSelector("#sessions-table tr.current-session"))
                        .getText())
                .contains("Chrom");
        assertThat(audit(user, "login.passkey.succeeded")).containsExactly("method=PASSKEY password-less");
        assertThat(audit(user, "login.succeeded")).hasSize(2);
        browser.get(url("/account/passkeys"));
        assertThat(browser.findElement(By.cssSelector("#passkeys-table tbody tr"))
                        .getText())
                .as("last used")
                .doesNotContain("never");
        signOut();

        // a second factor now: after the password the second step offers the passkey (and no code form)
        signInWithPassword(user);
        waiting().until(ExpectedConditions.urlContains("/login/second-factor"));
        assertThat(browser.findElements(By.id("code")))
                .as("no authenticator app, no code form")
                .isEmpty();
        assertThat(browser.findElements(By.cssSelector(".usermenu"))).isEmpty();
        browser.findElement(By.id("passkey-sign-in")).click();
        waiting().until(ExpectedConditions.not(ExpectedConditions.urlContains("/login")));
        assertThat(browser.findElement(By.cssSelector(".usermenu .username")).getText())
                .contains(user.username());
        assertThat(audit(user, "login.passkey.succeeded"))
                .containsExactly("method=PASSKEY password-less", "method=PASSKEY after=password");
        signOut();

        // a disabled account's passkey is refused like a wrong one
        accounts.setEnabled(user, false);
        browser.get(url("/login"));
        browser.findElement(By.id("passkey-sign-in")).click();
        waiting().until(ExpectedConditions.visibilityOfElementLocated(By.id("passkey-sign-in-error")));
        browser.get(url("/account"));
        assertThat(browser.getCurrentUrl()).contains("/login");
        assertThat(audit(user, "login.passkey.failed")).containsExactly("method=PASSKEY reason=disabled");
        accounts.setEnabled(user, true);

        // removal: the passkey no longer signs in
        signInWithPassword(user);
        waiting().until(ExpectedConditions.urlContains("/login/second-factor"));
        browser.findElement(By.id("passkey-sign-in")).click();
        waiting().until(ExpectedConditions.not(ExpectedConditions.urlContains("/login")));
        browser.get(url("/account/passkeys"));
        browser.findElement(By.cssSelector(".passkey-remove")).click();
        waiting().until(ExpectedConditions.visibilityOfElementLocated(By.id("no-passkeys")));
        assertThat(audit(user, "passkey.removed")).containsExactly("method=PASSKEY label=Laptop");
        signOut();
        browser.get(url("/login"));
        browser.findElement(By.id("passkey-sign-in")).click();
        WebElement error =
                waiting().until(ExpectedConditions.visibilityOfElementLocated(By.id("passkey-sign-in-error")));
        assertThat(error.getText()).contains("not accepted");
        browser.get(url("/account"));
        assertThat(browser.getCurrentUrl()).as("not signed in").contains("/login");
        assertThat(audit(user, "login.passkey.failed"))
                .containsExactly("method=PASSKEY reason=disabled", "method=PASSKEY reason=unknown-passkey");
        // and without a passkey the password alone signs in again
        signInWithPassword(user);
        waiting().until(ExpectedConditions.not(ExpectedConditions.urlContains("/login")));
        assertThat(browser.findElement(By.cssSelector(".usermenu .username")).getText())
                .contains(user.username());
    }

    @Test
    void thePasskeysPageAndTheSecondStepOfferingAPasskeyFitAPhoneAndPassAxe() throws IOException {
        UserView user = accounts.user("passkey-phone", Role.AUDITOR);
        addAuthenticator();
        signInWithPassword(user);
        waiting().until(ExpectedConditions.not(ExpectedConditions.urlContains("/login")));
        browser.get(url("/account/passkeys"));
        browser.findElement(By.id("passkey-label")).sendKeys("Laptop of the on-call engineer, second floor");
        browser.findElement(By.id("passkey-add")).click();
        waiting()
                .until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("#passkeys-table .passkey-label")));
        List<String> problems = new ArrayList<>();
        for (int width : new int[] {1440, 390}) {
            browser.manage().window().setSize(new Dimension(width, width == 390 ? 844 : 900));
            browser.get(url("/account/passkeys"));
            check("passkeys-" + width, width, problems);
        }
        browser.manage().window().setSize(new Dimension(1440, 900));
        signOut();

        signInWithPassword(user);
        waiting().until(ExpectedConditions.urlContains("/login/second-factor"));
        for (int width : new int[] {1440, 390}) {
            browser.manage().window().setSize(new Dimension(width, width == 390 ? 844 : 900));
            browser.get(url("/login/second-factor"));
            assertThat(browser.findElement(By.id("passkey-sign-in")).isDisplayed())
                    .isTrue();
            check("passkey-second-step-" + width, width, problems);
        }
        browser.manage().window().setSize(new Dimension(1440, 900));
        assertThat(problems)
                .as("pages that scroll sideways at 390 px or have axe-core violations")
                .isEmpty();
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

    private List<String> audit(UserView user, String action) {
        return jdbc.queryForList(
                "select coalesce(detail, '') from audit_log where target = ? and action = ? order by id",
                String.class,
                "user:" + user.username(),
                action);
    }

    private void signInWithPassword(UserView user) {
        browser.get(url("/login"));
        browser.findElement(By.name("username")).sendKeys(user.username());
        browser.findElement(By.name("password")).sendKeys(AccountsTestSupport.PASSWORD);
        browser.findElement(By.cssSelector("form button[type=submit]")).click();
    }

    private void signOut() {
        browser.findElement(By.cssSelector(".usermenu form button[type=submit]"))
                .click();
        waiting().until(ExpectedConditions.urlContains("/login"));
    }

    private WebDriverWait waiting() {
        return new WebDriverWait(browser, Duration.ofSeconds(20));
    }

    private static String url(String path) {
        return "http://localhost:" + PORT + path;
    }
}
