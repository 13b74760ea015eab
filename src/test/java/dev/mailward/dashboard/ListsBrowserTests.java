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
import java.util.List;
import java.util.Map;
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
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * The lists that answer questions, in headless Chromium at 1440 px and 390 px: the domain list sorts by score
 * and by worst status on the server (the header's link, its {@code aria-sort}, a second click reverses, the
 * not-checked domain stays last) and filters by worst status; a portfolio matrix cell opens the domain's guide
 * for that mitigation. Scores come from the real read model ({@link ScoreRefresher}) over seeded results.
 * Screenshots under {@code target/screenshots/lists-*.png}. Skips when Chromium or chromedriver is missing.
 */
class ListsBrowserTests extends DashboardTestSupport {

    private static final Path SCREENSHOTS = Path.of("target/screenshots");

    private static WebDriver browser;
    private static HeadlessChromium chromium;

    @LocalServerPort
    int port;

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

    private String url(String path) {
        return "http://127.0.0.1:" + port + path;
    }

    private WebDriverWait waiting() {
        return new WebDriverWait(browser, Duration.ofSeconds(10));
    }

    private void screenshot(String name, int width) throws IOException {
        browser.manage().window().setSize(new Dimension(width, 900));
        Number height = (Number) ((JavascriptExecutor) browser)
                .executeScript("return Math.min(5000, document.documentElement.scrollHeight)");
        browser.manage().window().setSize(new Dimension(width, Math.max(900, height.intValue())));
        File shot = ((TakesScreenshot) browser).getScreenshotAs(OutputType.FILE);
        Files.copy(shot.toPath(), SCREENSHOTS.resolve("lists-" + name + ".png"), StandardCopyOption.REPLACE_EXISTING);
        browser.manage().window().setSize(new Dimension(1440, 900));
    }

    /** The domain names of the list, top to bottom. */
    private List<String> names() {
        return browser.findElements(By.cssSelector("#domains tbody tr")).stream()
                .map(r -> r.findElement(By.cssSelector("a[href^='/domains/']")).getText())
                .toList();
    }

    private String ariaSort(String column) {
        WebElement link = browser.findElement(By.id("sort-" + column));
        return link.findElement(By.xpath("..")).getAttribute("aria-sort");
    }

    @Test
    void theDomainListSortsAndFiltersOnTheServerAndMatrixCellsOpenTheGuide() throws IOException {
        TeamRef team = accounts.team("Lists");
        UserView operator = accounts.user("lists-op", Role.OPERATOR, team);
        DashboardSeed seed = seed();
        String passing = "a-" + unique("pass");
        String failing = "b-" + unique("fail");
        String warning = "c-" + unique("warn");
        String fresh = "d-" + unique("new");
        long passingId = seed.domain(passing, team.id(), List.of("prod"));
        long failingId = seed.domain(failing, team.id(), List.of("prod"));
        long warningId = seed.domain(warning, team.id(), List.of("lab"));
        seed.domain(fresh, team.id(), List.of("lab"));
        seed.results(
                passingId,
                passing,
                Map.of(
                        Mitigation.SPF_DKIM,
                        Status.PASS,
                        Mitigation.DNSSEC_DANE,
                        Status.PASS,
                        Mitigation.TLS,
                        Status.PASS),
                1,
                200);
        seed.results(
                failingId,
                failing,
                Map.of(
                        Mitigation.SPF_DKIM,
                        Status.FAIL,
                        Mitigation.DNSSEC_DANE,
                        Status.FAIL,
                        Mitigation.TLS,
                        Status.PASS),
                1,
                200);
        seed.results(
                warningId,
                warning,
                Map.of(
                        Mitigation.SPF_DKIM,
                        Status.PASS,
                        Mitigation.DNSSEC_DANE,
                        Status.WARN,
                        Mitigation.TLS,
                        Status.PASS),
                1,
                200);
        refresher.refresh(passingId);
        refresher.refresh(failingId);
        refresher.refresh(warningId);

        browser.get(url("/"));
        waiting().until(ExpectedConditions.presenceOfElementLocated(By.name("username")));
        browser.findElement(By.name("username")).sendKeys(operator.username());
        browser.findElement(By.name("password")).sendKeys(AccountsTestSupport.PASSWORD);
        browser.findElement(By.cssSelector("form button[type=submit]")).click();
        waiting().until(ExpectedConditions.urlContains("/dashboard"));

        browser.get(url("/domains?team=" + team.id()));
        assertThat(names()).containsExactly(passing, failing, warning, fresh);
        assertThat(ariaSort("name")).isEqualTo("ascending");
        assertThat(ariaSort("score")).isEqualTo("none");

        browser.findElement(By.id("sort-score")).click();
        waiting().until(ExpectedConditions.urlContains("sort=score"));
        assertThat(ariaSort("score")).isEqualTo("ascending");
        assertThat(ariaSort("name")).isEqualTo("none");
        assertThat(names()).containsExactly(failing, warning, passing, fresh);
        screenshot("domains-by-score-1440", 1440);
        screenshot("domains-by-score-390", 390);

        browser.findElement(By.id("sort-score")).click();
        waiting().until(ExpectedConditions.urlContains("dir=desc"));
        assertThat(ariaSort("score")).isEqualTo("descending");
        assertThat(names()).containsExactly(passing, warning, failing, fresh);

        browser.findElement(By.id("sort-status")).click();
        waiting().until(ExpectedConditions.urlContains("sort=status"));
        assertThat(names()).containsExactly(failing, warning, passing, fresh);

        new Select(browser.findElement(By.id("status-filter"))).selectByValue("FAIL");
        waiting().until(ExpectedConditions.urlContains("status=FAIL"));
        assertThat(names()).containsExactly(failing);
        assertThat(browser.getCurrentUrl()).contains("sort=status");

        browser.get(url("/dashboard?team=" + team.id()));
        WebElement cell = browser.findElement(
                By.cssSelector("#matrix a.cell[href='/mitigations/dnssec-dane/guide?domain=" + failingId + "']"));
        assertThat(cell.getAttribute("class")).contains("cell-FAIL");
        screenshot("matrix-1440", 1440);
        screenshot("matrix-390", 390);
        cell = browser.findElement(
                By.cssSelector("#matrix a.cell[href='/mitigations/dnssec-dane/guide?domain=" + failingId + "']"));
        ((JavascriptExecutor) browser).executeScript("arguments[0].scrollIntoView({block: 'center'})", cell);
        cell.click();
        waiting().until(ExpectedConditions.urlContains("/mitigations/dnssec-dane/guide?domain=" + failingId));
        assertThat(browser.findElement(By.tagName("main")).getText())
                .contains(failing)
                .contains("TEST_DNSSEC_DANE_FAIL");
    }
}
