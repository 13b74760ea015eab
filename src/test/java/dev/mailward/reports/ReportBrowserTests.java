package dev.mailward.reports;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mailward.MailwardIntegrationTest;
import dev.mailward.accounts.AccountsTestSupport;
import dev.mailward.accounts.Role;
import dev.mailward.accounts.TeamRef;
import dev.mailward.accounts.UserView;
import dev.mailward.testbrowser.HeadlessChromium;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;

/** An auditor exports a PDF of their team as of a past date in headless Chromium and finds its hash in the archive. */
@MailwardIntegrationTest
class ReportBrowserTests {

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
        Files.copy(
                shot.toPath(), SCREENSHOTS.resolve(name + ".png"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    }

    private WebDriverWait waiting() {
        return new WebDriverWait(browser, Duration.ofSeconds(30));
    }

    @Test
    void auditorExportsAPdfAsOfAPastDateAndFindsItsHashInTheArchive() throws IOException {
        TeamRef team = accounts.team("Audit team");
        UserView auditor = accounts.user("browser-auditor", Role.AUDITOR, team);
        String name = AccountsTestSupport.unique("browser") + ".test";
        Instant created = Instant.now().minus(Duration.ofDays(30));
        Long id = jdbc.queryForObject(
                "insert into domain (a_label, u_label, team_id, created_at, created_by, updated_at, "
                        + "discovery_status) values (?, ?, ?, ?, 'test', ?, 'MX_FOUND') returning id",
                Long.class,
                name,
                name,
                team.id(),
                java.sql.Timestamp.from(created),
                java.sql.Timestamp.from(created));
        seed(
                id,
                name,
                "FAIL",
                "[{\"code\":\"SPF_NO_ALL\",\"status\":\"FAIL\",\"message\":\"no all\",\"mitigation\":\"spf-dkim\"}]",
                Instant.now().minus(Duration.ofDays(10)));
        seed(
                id,
                name,
                "PASS",
                "[{\"code\":\"SPF_OK\",\"status\":\"PASS\",\"message\":\"-all\",\"mitigation\":\"spf-dkim\"}]",
                Instant.now().minus(Duration.ofDays(1)));

        browser.get(url("/login"));
        waiting().until(ExpectedConditions.presenceOfElementLocated(By.name("username")));
        browser.findElement(By.name("username")).sendKeys(auditor.username());
        browser.findElement(By.name("password")).sendKeys(AccountsTestSupport.PASSWORD);
        browser.findElement(By.cssSelector("form button[type=submit]")).click();
        waiting().until(ExpectedConditions.not(ExpectedConditions.urlContains("/login")));

        browser.get(url("/reports"));
        waiting().until(ExpectedConditions.presenceOfElementLocated(By.id("generate-report")));
        new Select(browser.findElement(By.id("format"))).selectByValue("PDF");
        // the form shows the field of the chosen scope only: none for "all", the team list for "team"
        assertThat(browser.findElement(By.id("teamId")).isDisplayed()).isFalse();
        assertThat(browser.findElement(By.id("tag")).isDisplayed()).isFalse();
        assertThat(browser.findElement(By.id("domains")).isDisplayed()).isFalse();
        new Select(browser.findElement(By.id("scope"))).selectByValue("tag");
        assertThat(browser.findElement(By.id("tag")).isDisplayed()).isTrue();
        assertThat(browser.findElement(By.id("teamId")).isDisplayed()).isFalse();
        new Select(browser.findElement(By.id("scope"))).selectByValue("team");
        assertThat(browser.findElement(By.id("teamId")).isDisplayed()).isTrue();
        assertThat(browser.findElement(By.id("tag")).isDisplayed()).isFalse();
        assertThat(browser.findElement(By.id("domains")).isDisplayed()).isFalse();
        new Select(browser.findElement(By.id("teamId"))).selectByVisibleText(team.name());
        String asOf = LocalDate.now(ZoneOffset.UTC).minusDays(5).toString();
        // a date input takes the value in the browser's locale format; set it directly
        ((JavascriptExecutor) browser).executeScript("document.getElementById('asOf').value = arguments[0]", asOf);
        screenshot("reports-01-form");
        browser.findElement(By.id("generate-report")).click();

        String hash = waiting()
                .until(ExpectedConditions.visibilityOfElementLocated(By.id("sha256")))
                .getText();
        assertThat(hash).matches("[0-9a-f]{64}");
        assertThat(browser.findElement(By.id("report-facts")).getText())
                .contains(asOf)
                .contains(team.name())
                .contains(auditor.username());
        screenshot("reports-02-detail");

        browser.findElement(By.linkText(
                        browser.findElement(By.cssSelector("main p a")).getText()))
                .click();
        waiting().until(ExpectedConditions.presenceOfElementLocated(By.id("archive")));
        assertThat(browser.findElement(By.id("archive")).getText())
                .contains(hash)
                .contains("PDF")
                .contains(auditor.username());

        browser.findElement(By.id("sha256")).sendKeys(hash);
        browser.findElement(By.id("verify-copy")).click();
        String ok = waiting()
                .until(ExpectedConditions.visibilityOfElementLocated(By.id("verify-ok")))
                .getText();
        assertThat(ok).contains("Match").contains(hash);
        screenshot("reports-03-archive");
    }

    private void seed(long domainId, String name, String status, String findings, Instant at) {
        Long run = jdbc.queryForObject(
                "insert into check_run (domain_id, trigger, started_at) values (?, 'MANUAL', ?) " + "returning id",
                Long.class,
                domainId,
                java.sql.Timestamp.from(at));
        Long rid = jdbc.queryForObject(
                "insert into check_result (run_id, domain_id, check_id, target, status, findings, "
                        + "evidence, dns_hash, checked_at, elapsed_ms) values (?, ?, 'spf', ?, ?, cast(? as jsonb), '{}', 'h', ?, 3) "
                        + "returning id",
                Long.class,
                run,
                domainId,
                name,
                status,
                findings,
                java.sql.Timestamp.from(at));
        jdbc.update(
                "insert into current_result (domain_id, check_id, target, result_id, run_id, status, findings, evidence, "
                        + "dns_hash, checked_at, elapsed_ms) values (?, 'spf', ?, ?, ?, ?, cast(? as jsonb), '{}', 'h', ?, 3) "
                        + "on conflict (domain_id, check_id, target) do update set status = excluded.status, "
                        + "findings = excluded.findings, checked_at = excluded.checked_at",
                domainId,
                name,
                rid,
                run,
                status,
                findings,
                java.sql.Timestamp.from(at));
    }
}
