package dev.mailward.configaudit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mailward.MailwardIntegrationTest;
import dev.mailward.accounts.AccountsTestSupport;
import dev.mailward.accounts.Role;
import dev.mailward.accounts.UserView;
import dev.mailward.testbrowser.HeadlessChromium;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;

/** Uploads the open-relay fixture in headless Chromium and reads the finding, the diff and the domain summary. */
@MailwardIntegrationTest
class ServerConfigBrowserTests {

    private static final Path SCREENSHOTS = Path.of("target/screenshots");

    private static WebDriver browser;
    private static HeadlessChromium chromium;

    @LocalServerPort
    int port;

    @Autowired
    AccountsTestSupport accounts;

    @Autowired
    JdbcTemplate jdbc;

    @BeforeAll
    static void startBrowser() throws IOException {
        chromium = HeadlessChromium.start(1280, 1400);
        browser = chromium.driver();
    }

    @AfterAll
    static void stopBrowser() {
        if (chromium != null) {
            chromium.close();
        }
    }

    private String url(String path) {
        return "http://127.0.0.1:" + port + path;
    }

    private void screenshot(String name) throws IOException {
        File shot = ((TakesScreenshot) browser).getScreenshotAs(OutputType.FILE);
        Files.copy(shot.toPath(), SCREENSHOTS.resolve(name + ".png"), StandardCopyOption.REPLACE_EXISTING);
    }

    private WebDriverWait waiting() {
        return new WebDriverWait(browser, Duration.ofSeconds(10));
    }

    @Test
    void uploadsTheOpenRelayConfigurationAndShowsTheRelayFindingWithItsLine() throws IOException {
        var team = accounts.team("web-cfg");
        UserView operator = accounts.user("web-cfg-op", Role.OPERATOR, team);
        long[] ids = ConfigFixtures.serverWithDomain(
                jdbc, team.id(), AccountsTestSupport.unique("b").substring(2));

        browser.get(url("/login"));
        browser.findElement(By.name("username")).sendKeys(operator.username());
        browser.findElement(By.name("password")).sendKeys(AccountsTestSupport.PASSWORD);
        browser.findElement(By.cssSelector("form button[type=submit]")).click();
        // signed in: the landing page is the dashboard
        waiting().until(ExpectedConditions.not(ExpectedConditions.urlContains("/login")));

        browser.get(url("/servers/" + ids[0]));
        browser.findElement(By.id("tab-config")).click();
        waiting().until(ExpectedConditions.presenceOfElementLocated(By.id("no-config")));
        screenshot("config-01-empty");

        browser.findElement(By.id("file-postconf"))
                .sendKeys(ConfigFixtures.path("open-relay", "postconf-n.txt").toString());
        browser.findElement(By.id("file-master"))
                .sendKeys(ConfigFixtures.path("open-relay", "postconf-M.txt").toString());
        browser.findElement(By.id("upload-submit")).click();
        WebElement relay =
                waiting().until(ExpectedConditions.visibilityOfElementLocated(By.id("mitigation-no-open-relay")));
        assertThat(browser.findElement(By.cssSelector(".flash-ok")).getText())
                .isEqualTo("Version 1 stored; 0 secrets removed.");
        WebElement open = relay.findElement(By.cssSelector("article[data-code=RELAY_OPEN]"));
        assertThat(open.findElement(By.cssSelector(".status")).getText()).isEqualTo("Fail");
        assertThat(open.findElement(By.cssSelector(".where")).getText()).isEqualTo("main.cf:9");
        assertThat(open.findElement(By.cssSelector("code.line-text")).getText())
                .isEqualTo("smtpd_relay_restrictions = permit_mynetworks, permit, reject_unauth_destination");
        assertThat(open.findElement(By.cssSelector(".fix pre")).getText()).contains("reject_unauth_destination");
        assertThat(relay.findElement(By.cssSelector("article[data-code=RELAY_MYNETWORKS_TOO_BROAD] code.line-text"))
                        .getText())
                .contains("0.0.0.0/0");
        screenshot("config-02-findings");
        browser.findElement(By.id("mitigation-no-open-relay"));
        ((org.openqa.selenium.JavascriptExecutor) browser).executeScript("arguments[0].scrollIntoView()", relay);
        screenshot("config-03-relay-finding");

        Path fixed = Files.createTempFile("postconf-n", ".txt");
        Files.writeString(
                fixed,
                ConfigFixtures.text("open-relay", "postconf-n.txt")
                        .replace(
                                "permit_mynetworks, permit, reject_unauth_destination",
                                "permit_mynetworks, permit_sasl_authenticated, reject_unauth_destination"));
        browser.findElement(By.id("file-postconf")).sendKeys(fixed.toString());
        browser.findElement(By.id("file-master"))
                .sendKeys(ConfigFixtures.path("open-relay", "postconf-M.txt").toString());
        browser.findElement(By.id("upload-submit")).click();
        waiting().until(ExpectedConditions.textToBe(By.id("version"), "2"));
        assertThat(browser.findElement(By.id("history")).getText()).contains(operator.username());
        browser.findElement(By.id("diff-2")).click();
        WebElement diff = waiting().until(ExpectedConditions.visibilityOfElementLocated(By.id("diff-postconf")));
        assertThat(diff.findElement(By.cssSelector("tr.diff-REMOVED")).getText())
                .contains("−")
                .contains("permit_mynetworks, permit, reject_unauth_destination");
        assertThat(diff.findElement(By.cssSelector("tr.diff-ADDED")).getText())
                .contains("+")
                .contains("permit_sasl_authenticated");
        assertThat(browser.findElement(By.id("diff-master")).getText()).contains("unchanged");
        screenshot("config-04-diff");
        Files.delete(fixed);

        browser.get(url("/domains/" + ids[1]));
        WebElement summary = waiting().until(ExpectedConditions.visibilityOfElementLocated(By.id("config-servers")));
        assertThat(summary.getText()).contains("mx.cfg-").contains("Version 2");
        screenshot("config-05-domain-summary");
    }
}
