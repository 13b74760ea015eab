package dev.mailward.reportintake;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mailward.MailwardIntegrationTest;
import dev.mailward.accounts.AccountsTestSupport;
import dev.mailward.accounts.Role;
import dev.mailward.accounts.TeamRef;
import dev.mailward.accounts.UserView;
import dev.mailward.testbrowser.Axe;
import dev.mailward.testbrowser.HeadlessChromium;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
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
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * In headless Chromium: an operator uploads two reports (a gzipped DMARC report and a TLS report) through the
 * form, sees what was stored, follows the domain's link and reads the report page for the reports' period: the
 * message total and pass rate, the failing source with its names, the published policy, the TLS failures per
 * result type and MX host, the verdicts, the messages-per-day chart, the sources as judged, and the portfolio by
 * pass rate; at 1440 and 390 px without sideways scrolling, and without axe-core violations where
 * axe-core is installed. Screenshots {@code target/screenshots/report-intake-*.png}.
 */
@MailwardIntegrationTest
class ReportIntakeBrowserTests {

    private static HeadlessChromium chromium;
    private static WebDriver browser;

    @LocalServerPort
    int port;

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

    @Test
    void anOperatorUploadsReportsAndReadsTheDomainsReportPage() throws Exception {
        TeamRef team = accounts.team("intake-ui");
        UserView operator = accounts.user("intake-ui", Role.OPERATOR, team);
        String domain = ReportSamples.domainName("intake-ui");
        jdbc.update("""
                insert into domain (a_label, u_label, team_id, created_at, created_by, updated_at, discovery_status)
                values (?, ?, ?, now(), 'test', now(), 'MX_FOUND')
                """, domain, domain, team.id());
        Path dir = Files.createTempDirectory("intake-ui");
        Path dmarc = Files.write(
                dir.resolve("google.xml.gz"), ReportFilesTests.gzip(ReportSamples.about("google-like.xml", domain)));
        Path tls = Files.write(dir.resolve("tls.json"), ReportSamples.about("tlsrpt.json", domain));

        browser.manage().window().setSize(new Dimension(1440, 900));
        browser.get(url("/login"));
        browser.findElement(By.name("username")).sendKeys(operator.username());
        browser.findElement(By.name("password")).sendKeys(AccountsTestSupport.PASSWORD);
        browser.findElement(By.cssSelector("form button[type=submit]")).click();
        waiting().until(ExpectedConditions.not(ExpectedConditions.urlContains("/login")));

        browser.get(url("/report-intake"));
        browser.findElement(By.id("file")).sendKeys(dmarc + "\n" + tls);
        browser.findElement(By.id("upload")).click();
        List<WebElement> stored = waiting()
                .until(ExpectedConditions.numberOfElementsToBe(
                        By.cssSelector("#upload-result tr[data-outcome=STORED]"), 2));
        assertThat(stored.get(0).getText()).contains("google.com", domain);
        screenshot("report-intake-upload-1440");

        browser.findElement(By.linkText(domain)).click();
        waiting().until(ExpectedConditions.urlContains("/aggregate-reports"));
        browser.findElement(By.id("from")).clear();
        browser.get(browser.getCurrentUrl().replaceAll("\\?.*", "") + "?from=2025-12-01&to=2025-12-10");
        waiting().until(ExpectedConditions.presenceOfElementLocated(By.id("dmarc-messages")));
        assertThat(browser.findElement(By.id("dmarc-messages")).getText()).isEqualTo("150");
        assertThat(browser.findElement(By.id("dmarc-passing")).getText()).isEqualTo("120");
        assertThat(browser.findElement(By.id("dmarc-pass-rate")).getText()).isEqualTo("80.0%");
        assertThat(browser.findElement(By.id("dmarc-policy")).getText()).contains("p=none", "sp=none");
        assertThat(browser.findElement(By.cssSelector("#dmarc-failing tbody tr"))
                        .getText())
                .contains("198.51.100.7", "30");
        assertThat(browser.findElement(By.id("tls-failed")).getText()).isEqualTo("303");
        assertThat(browser.findElements(By.cssSelector("#tls-failures tbody tr")))
                .extracting(WebElement::getText)
                .anySatisfy(t -> assertThat(t).contains("certificate-expired", "mx1.mail." + domain, "100"));
        assertThat(browser.findElement(By.id("dmarc-verdict-state")).getAttribute("data-state"))
                .isEqualTo("NOT_ENOUGH_DATA");
        assertThat(browser.findElement(By.id("tls-verdict-state")).getAttribute("data-state"))
                .isEqualTo("NOT_ENOUGH_DATA");
        assertThat(browser.findElements(By.cssSelector("#volume-chart svg rect.bar-pass")))
                .as("one bar for the one day with reports")
                .hasSize(1);
        assertThat(browser.findElement(By.cssSelector("#volume-chart svg title"))
                        .getAttribute("textContent"))
                .isEqualTo("Messages per day");
        assertThat(browser.findElements(By.cssSelector("#dmarc-sources tbody tr")))
                .extracting(e -> e.getAttribute("data-kind"))
                .contains("AUTHENTICATED", "UNAUTHENTICATED");
        assertThat(browser.findElements(By.cssSelector("#tls-result-types tbody tr")))
                .extracting(WebElement::getText)
                .anySatisfy(t -> assertThat(t).contains("certificate-expired", "100", "yes"));
        screenshot("report-intake-domain-1440");
        ((JavascriptExecutor) browser).executeScript("document.getElementById('dmarc-verdict').scrollIntoView()");
        screenshot("report-intake-domain-verdict-1440");
        assertThat(noSidewaysScroll()).as("fits at 1440 px").isTrue();

        browser.manage().window().setSize(new Dimension(390, 844));
        browser.navigate().refresh();
        waiting().until(ExpectedConditions.presenceOfElementLocated(By.id("dmarc-messages")));
        screenshot("report-intake-domain-390");
        assertThat(noSidewaysScroll()).as("no sideways scrolling at 390 px").isTrue();
        ((JavascriptExecutor) browser).executeScript("document.getElementById('volume-chart').scrollIntoView()");
        screenshot("report-intake-domain-chart-390");

        browser.findElement(By.id("sources-csv")).getAttribute("href");
        browser.get(url("/aggregate-reports?from=2025-12-01&to=2025-12-10"));
        assertThat(browser.findElement(By.cssSelector("#portfolio tbody tr")).getText())
                .contains(domain, "80.0%");
        assertThat(noSidewaysScroll())
                .as("portfolio: no sideways scrolling at 390 px")
                .isTrue();
        screenshot("report-intake-portfolio-390");
        if (Files.isRegularFile(Path.of(System.getProperty("mailward.axe", Axe.DEFAULT.toString())))) {
            assertThat(Axe.load().violations(browser)).isEmpty();
        }
        browser.navigate().back();
        waiting().until(ExpectedConditions.presenceOfElementLocated(By.id("dmarc-messages")));

        if (Files.isRegularFile(Path.of(System.getProperty("mailward.axe", Axe.DEFAULT.toString())))) {
            assertThat(Axe.load().violations(browser)).isEmpty();
        }
    }

    private boolean noSidewaysScroll() {
        return Boolean.TRUE.equals(((JavascriptExecutor) browser)
                .executeScript("const e = document.documentElement; return e.scrollWidth <= e.clientWidth + 1;"));
    }

    private WebDriverWait waiting() {
        return new WebDriverWait(browser, Duration.ofSeconds(20));
    }

    private String url(String path) {
        return "http://localhost:" + port + path;
    }

    private void screenshot(String name) throws IOException {
        Files.createDirectories(Path.of("target/screenshots"));
        File shot = ((TakesScreenshot) browser).getScreenshotAs(OutputType.FILE);
        Files.copy(shot.toPath(), Path.of("target/screenshots", name + ".png"), StandardCopyOption.REPLACE_EXISTING);
    }
}
