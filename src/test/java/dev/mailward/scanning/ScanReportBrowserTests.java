package dev.mailward.scanning;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import dev.mailward.accounts.AccountsTestSupport;
import dev.mailward.accounts.Role;
import dev.mailward.accounts.TeamRef;
import dev.mailward.accounts.UserView;
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
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * In headless Chromium: a finished scan says what it found. One domain gets a new MX host that is an open relay
 * (worse), one domain's name server stops answering (measurement errors); the scan's page counts them, its links
 * lead to the changes it found and to the domains with errors, and the scans list shows its state, what it found
 * and the next scheduled checks. Screenshots at 1440 and 390 px under {@code target/screenshots/scan-report-*.png}.
 */
class ScanReportBrowserTests extends ScanningTestSupport {

    private static final Path SCREENSHOTS = Path.of("target/screenshots");

    private static HeadlessChromium chromium;
    private static WebDriver browser;

    @LocalServerPort
    int port;

    @BeforeAll
    static void startBrowser() throws IOException {
        chromium = HeadlessChromium.start(1440, 900);
        browser = chromium.driver();
        Files.createDirectories(SCREENSHOTS);
    }

    @AfterAll
    static void stopBrowser() {
        if (chromium != null) {
            chromium.close();
        }
    }

    @Test
    void finishedScanCountsWhatItFoundAndItsLinksLeadToTheChangesAndTheDomains() throws Exception {
        TeamRef team = accounts.team("report");
        UserView operator = user("report-op", Role.OPERATOR, team);
        String worse = uniqueDomain("gets-worse");
        String failing = uniqueDomain("dns-fails");
        String mx1 = "mx1." + worse;
        String mx2 = "mx2." + worse;
        EndpointChangesIntegrationTests.serveMx(worse, mx1);
        serve(failing, "v=spf1 -all");
        long worseId = domain(worse, team, 1440, List.of());
        long failingId = domain(failing, team, 1440, List.of());
        // the first scan: what the second is compared with
        scanAndWait(List.of(worseId, failingId), operator);

        EndpointChangesIntegrationTests.serveMx(worse, mx1, mx2);
        DNS.removeZone(failing);

        browser.get(url("/login"));
        browser.findElement(By.name("username")).sendKeys(operator.username());
        browser.findElement(By.name("password")).sendKeys(AccountsTestSupport.PASSWORD);
        browser.findElement(By.cssSelector("form button[type=submit]")).click();
        waiting().until(ExpectedConditions.not(ExpectedConditions.urlContains("/login")));

        browser.get(url("/scans"));
        browser.findElement(By.id("scan-now")).click();
        waiting().until(ExpectedConditions.urlMatches(".*/scans/\\d+$"));
        long scanId = Long.parseLong(browser.getCurrentUrl().replaceAll(".*/scans/", ""));
        new WebDriverWait(browser, Duration.ofSeconds(90))
                .until(ExpectedConditions.textToBe(By.id("scan-state"), "finished"));
        // the counts arrive with the last progress update
        waiting().until(ExpectedConditions.presenceOfElementLocated(By.id("found-worse")));
        assertThat(text("found-scanned")).isEqualTo("2 domains scanned");
        assertThat(text("found-worse")).isEqualTo("1 domain got worse");
        // the failing domain's results could not be measured; the lab has no reverse zone, so the other domain's
        // PTR look-ups may fail too: the count is that of the domains the link lists
        String errors = text("found-errors");
        assertThat(errors).matches("[12] domains? had measurement errors");
        int withErrorsCount = Integer.parseInt(errors.substring(0, 1));
        // results that could no longer be measured make a domain neither worse nor better (FAIL to ERROR is no gain)
        assertThat(jdbc.queryForList(
                        "select worse + better from scan_run_item where scan_run_id = ? and domain_id = ?",
                        Integer.class,
                        scanId,
                        failingId))
                .containsExactly(0);
        // a second MX host may also make the domain better (redundancy); the outage of the other is no "better"
        // the domain list follows in place: both scanned, the open relay counted against its domain
        new WebDriverWait(browser, Duration.ofSeconds(15))
                .until(b -> b.findElements(By.cssSelector("#scan-domain-list tbody tr")).stream()
                        .allMatch(r ->
                                r.getText().contains("scanned") && !r.getText().contains("being")));
        assertThat(browser.findElements(By.cssSelector("#scan-domain-list tbody tr")))
                .anySatisfy(r -> assertThat(r.getText()).startsWith(worse).doesNotContain("–"));
        assertThat(browser.findElements(By.id("found-better")))
                .allSatisfy(e -> assertThat(e.getText()).isEqualTo("1 domain got better"));
        screenshots("02-scan-finished");

        // "got worse" lists the changes of this scan that made a domain worse: the new MX host, an open relay
        browser.findElement(By.id("found-worse")).click();
        waiting().until(ExpectedConditions.presenceOfElementLocated(By.id("changes")));
        assertThat(browser.getCurrentUrl()).contains("scan=" + scanId).contains("trend=worse");
        List<WebElement> rows = browser.findElements(By.cssSelector("#changes tbody tr"));
        assertThat(rows).isNotEmpty().allSatisfy(r -> assertThat(r.getText()).contains(worse));
        assertThat(rows)
                .anySatisfy(r -> assertThat(r.getText())
                        .contains("open-relay")
                        .contains(mx2)
                        .contains("new target")
                        .contains("FAIL"));
        assertThat(rows).noneSatisfy(r -> assertThat(r.getText()).contains(failing));
        assertThat(text("changes-of-scan")).contains("Changes found by scan " + scanId);
        screenshots("03-changes-of-scan");

        // "measurement errors" lists the domain whose name server failed, and only it
        browser.navigate().back();
        waiting().until(ExpectedConditions.presenceOfElementLocated(By.id("found-errors")));
        browser.findElement(By.id("found-errors")).click();
        waiting().until(ExpectedConditions.urlContains("only=errors"));
        List<WebElement> withErrors = browser.findElements(By.cssSelector("#scan-domain-list tbody tr"));
        assertThat(withErrors)
                .hasSize(withErrorsCount)
                .anySatisfy(r -> assertThat(r.getText()).contains(failing));
        browser.findElement(By.linkText(failing)).click();
        waiting().until(ExpectedConditions.urlMatches(".*/domains/" + failingId + "$"));

        // "domains scanned" lists both
        browser.get(url("/scans/" + scanId));
        browser.findElement(By.id("found-scanned")).click();
        waiting().until(ExpectedConditions.presenceOfElementLocated(By.id("scan-domain-list")));
        assertThat(browser.findElements(By.cssSelector("#scan-domain-list tbody tr")))
                .hasSize(2);

        // the scans list: its state, what it found, and the next scheduled checks of the team's domains
        browser.get(url("/scans"));
        WebElement row = browser.findElement(By.cssSelector("#scans tbody tr"));
        assertThat(row.getText())
                .contains("finished")
                .contains("1 domain got worse")
                .contains("measurement errors");
        assertThat(browser.findElement(By.id("upcoming")).getText())
                .contains(worse)
                .contains(failing);
        row.findElement(By.cssSelector("a.found-worse")).click();
        waiting().until(ExpectedConditions.presenceOfElementLocated(By.id("changes")));
        assertThat(browser.getCurrentUrl()).contains("scan=" + scanId);
        browser.get(url("/scans"));
        screenshots("01-scans");
    }

    private void scanAndWait(List<Long> ids, UserView user) throws Exception {
        var request = post("/scans").param("scope", "domains").with(as(user)).with(csrf());
        for (long id : ids) {
            request = request.param("domainId", Long.toString(id));
        }
        String location = mvc.perform(request)
                .andExpect(status().is3xxRedirection())
                .andReturn()
                .getResponse()
                .getRedirectedUrl();
        long run = Long.parseLong(location.substring(location.lastIndexOf('/') + 1));
        await().atMost(Duration.ofSeconds(90))
                .pollInterval(Duration.ofMillis(200))
                .until(() -> jdbc.queryForObject(
                                "select count(*) from scan_run_item where scan_run_id = ? and state = 'DONE'",
                                Integer.class,
                                run)
                        == ids.size());
    }

    private String text(String id) {
        return browser.findElement(By.id(id)).getText();
    }

    private String url(String path) {
        return "http://127.0.0.1:" + port + path;
    }

    private WebDriverWait waiting() {
        return new WebDriverWait(browser, Duration.ofSeconds(15));
    }

    /** The page at 1440 and at 390 px, full height. */
    private void screenshots(String name) throws IOException {
        for (int width : new int[] {1440, 390}) {
            browser.manage().window().setSize(new Dimension(width, 900));
            Number height = (Number) ((JavascriptExecutor) browser)
                    .executeScript("return Math.min(6000, document.documentElement.scrollHeight)");
            browser.manage().window().setSize(new Dimension(width, Math.max(900, height.intValue())));
            File shot = ((TakesScreenshot) browser).getScreenshotAs(OutputType.FILE);
            Files.copy(
                    shot.toPath(),
                    SCREENSHOTS.resolve("scan-report-" + name + "-" + width + ".png"),
                    StandardCopyOption.REPLACE_EXISTING);
        }
        browser.manage().window().setSize(new Dimension(1440, 900));
    }
}
