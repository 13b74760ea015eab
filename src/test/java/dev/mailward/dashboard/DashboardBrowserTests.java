package dev.mailward.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mailward.accounts.AccountsTestSupport;
import dev.mailward.accounts.Role;
import dev.mailward.accounts.TeamRef;
import dev.mailward.accounts.UserView;
import dev.mailward.checks.Mitigation;
import dev.mailward.checks.Status;
import dev.mailward.testbrowser.HeadlessChromium;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * Every dashboard page in headless Chromium over 55 seeded domains of one team, with screenshots under
 * {@code target/screenshots/dashboard-*.png}. Skips when Chromium or chromedriver is missing.
 */
class DashboardBrowserTests extends DashboardTestSupport {

    private static final Path SCREENSHOTS = Path.of("target/screenshots");
    private static final Mitigation[] MEASURED = {
        Mitigation.SPF_DKIM,
        Mitigation.LAYERED_AUTH,
        Mitigation.TLS,
        Mitigation.DNSSEC_DANE,
        Mitigation.REPUTATION,
        Mitigation.NO_OPEN_RELAY,
        Mitigation.MAINTAINED_MTA,
        Mitigation.SASL_SUBMISSION,
        Mitigation.MAILBOX_ACCESS
    };
    private static final Status[] CYCLE = {
        Status.PASS,
        Status.PASS,
        Status.WARN,
        Status.PASS,
        Status.FAIL,
        Status.PASS,
        Status.ERROR,
        Status.PASS,
        Status.NOT_APPLICABLE,
        Status.PASS,
        Status.WARN
    };

    private static WebDriver browser;
    private static HeadlessChromium chromium;

    @LocalServerPort
    int port;

    @BeforeAll
    static void startBrowser() throws IOException {
        chromium = HeadlessChromium.start(1360, 1000);
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
        screenshot(name, 1360);
    }

    private void screenshot(String name, int width) throws IOException {
        // the whole page, not only the window: resize to the document height first
        browser.manage().window().setSize(new org.openqa.selenium.Dimension(width, 1000));
        Number height = (Number) ((JavascriptExecutor) browser)
                .executeScript("return Math.min(6000, document.documentElement.scrollHeight)");
        browser.manage().window().setSize(new org.openqa.selenium.Dimension(width, Math.max(1000, height.intValue())));
        File shot = ((TakesScreenshot) browser).getScreenshotAs(OutputType.FILE);
        Files.copy(
                shot.toPath(), SCREENSHOTS.resolve("dashboard-" + name + ".png"), StandardCopyOption.REPLACE_EXISTING);
        browser.manage().window().setSize(new org.openqa.selenium.Dimension(1360, 1000));
    }

    private WebDriverWait waiting() {
        return new WebDriverWait(browser, Duration.ofSeconds(10));
    }

    private boolean chartDrawn(String canvasId) {
        return Boolean.TRUE.equals(((JavascriptExecutor) browser)
                .executeScript(
                        "return typeof Chart !== 'undefined' && !!Chart.getChart(document.getElementById(arguments[0]))",
                        canvasId));
    }

    @Test
    void everyDashboardPageRendersWithChartsFiltersAndPaging() throws IOException {
        TeamRef team = accounts.team("Platform");
        UserView auditor = accounts.user("auditor", Role.AUDITOR, team);
        DashboardSeed seed = seed();
        List<Long> ids = new ArrayList<>();
        String first = null;
        for (int i = 0; i < 55; i++) {
            String name = String.format("d%02d-", i) + unique("mail");
            long id = seed.domain(name, team.id(), List.of(i % 3 == 0 ? "prod" : "staging"));
            Map<Mitigation, Status> statuses = new EnumMap<>(Mitigation.class);
            for (int m = 0; m < MEASURED.length; m++) {
                statuses.put(MEASURED[m], CYCLE[(i * 7 + m * 3) % CYCLE.length]);
            }
            seed.results(id, name, statuses, i < 20 ? 10 : 3, 3 + i * 7);
            refresher.refresh(id);
            ids.add(id);
            first = first == null ? name : first;
        }

        browser.get(url("/"));
        waiting().until(ExpectedConditions.presenceOfElementLocated(By.name("username")));
        browser.findElement(By.name("username")).sendKeys(auditor.username());
        browser.findElement(By.name("password")).sendKeys(AccountsTestSupport.PASSWORD);
        browser.findElement(By.cssSelector("form button[type=submit]")).click();
        waiting().until(ExpectedConditions.urlContains("/dashboard"));
        waiting()
                .until(d ->
                        chartDrawn("chart-histogram") && chartDrawn("chart-compliance") && chartDrawn("chart-trend"));
        assertThat(browser.findElement(By.cssSelector("h2#h-matrix + p")).getText())
                .contains("55 domains match");
        assertThat(browser.findElements(By.cssSelector("#matrix tbody tr"))).hasSize(50);
        assertThat(browser.findElement(By.cssSelector("#matrix tbody tr")).getText())
                .contains(first);
        // each cell carries its status as text for screen readers
        assertThat(browser.findElements(By.cssSelector("#matrix .cell-FAIL .sr")))
                .isNotEmpty();
        screenshot("01-portfolio");

        browser.findElement(By.id("page-next")).click();
        waiting().until(d -> d.findElements(By.cssSelector("#matrix tbody tr")).size() == 5);
        screenshot("02-portfolio-page-2");

        browser.get(url("/dashboard?sort=SCORE"));
        new org.openqa.selenium.support.ui.Select(browser.findElement(By.id("filter-mitigation"))).selectByValue("tls");
        waiting().until(ExpectedConditions.urlContains("mitigation=tls"));
        new org.openqa.selenium.support.ui.Select(browser.findElement(By.id("filter-status"))).selectByValue("FAIL");
        waiting().until(ExpectedConditions.urlContains("status=FAIL"));
        List<String> tlsCells = browser
                .findElements(
                        By.cssSelector("#matrix tbody tr td:nth-child(" + (3 + Mitigation.TLS.ordinal()) + ") .sr"))
                .stream()
                .map(e -> e.getAttribute("textContent"))
                .distinct()
                .toList();
        // each cell is a link to the domain's guide: its text names the status and the mitigation
        assertThat(tlsCells).containsExactly("Fail: TLS");
        screenshot("03-portfolio-filtered");

        browser.get(url("/domains/" + ids.get(4) + "/dashboard"));
        waiting().until(ExpectedConditions.presenceOfElementLocated(By.id("breakdown")));
        waiting().until(d -> chartDrawn("chart-domain-trend"));
        waiting().until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("#scan-results .result-list")));
        assertThat(browser.findElement(By.id("explanation")).getText()).startsWith("Score = (");
        assertThat(browser.findElement(By.id("timeline")).getText()).contains("t-tls");
        assertThat(browser.findElements(By.id("scan-now")))
                .as("auditors change nothing")
                .isEmpty();
        screenshot("04-domain");

        browser.get(url("/mitigations/dnssec-dane"));
        waiting().until(ExpectedConditions.presenceOfElementLocated(By.id("open-guide")));
        assertThat(browser.findElement(By.id("status-counts")).getText()).contains("Fail");
        screenshot("05-mitigation");

        browser.get(url("/certificates"));
        waiting().until(ExpectedConditions.presenceOfElementLocated(By.id("certificates")));
        String firstRow =
                browser.findElement(By.cssSelector("#certificates tbody tr")).getText();
        assertThat(firstRow).contains(first);
        // 3 days left: the certificate check's FAIL ("expires within days"), not a second judgement
        assertThat(firstRow).contains("expires within days", "name matches", "trusted chain");
        assertThat(browser.findElements(
                        By.cssSelector("#certificates tbody tr:first-child > td:first-child .status-FAIL")))
                .hasSize(1);
        screenshot("06-certificates");
        screenshot("06-certificates-1440", 1440);
        screenshot("06-certificates-390", 390);
        browser.manage().window().setSize(new org.openqa.selenium.Dimension(390, 1000));
        Number overflow = (Number) ((JavascriptExecutor) browser)
                .executeScript("return document.documentElement.scrollWidth - document.documentElement.clientWidth");
        assertThat(overflow.intValue())
                .as("the page itself does not scroll sideways at 390 px")
                .isLessThanOrEqualTo(0);
        browser.manage().window().setSize(new org.openqa.selenium.Dimension(1360, 1000));
    }
}
