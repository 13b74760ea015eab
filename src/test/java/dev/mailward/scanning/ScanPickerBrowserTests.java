package dev.mailward.scanning;

import static org.assertj.core.api.Assertions.assertThat;

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
import org.openqa.selenium.Keys;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * In headless Chromium: an operator picks two domains on the domain list (keyboard and mouse), scans
 * them, watches the progress page reach "finished" without reloading, and opens a remediation guide
 * seen from one of them with a fix generated from the scan. The scans really run (scheduler on, DNS
 * from the loopback test server). Screenshots under {@code target/screenshots/scan-*.png}.
 */
class ScanPickerBrowserTests extends ScanningTestSupport {

    private static final Path SCREENSHOTS = Path.of("target/screenshots");

    private static HeadlessChromium chromium;
    private static WebDriver browser;

    @LocalServerPort
    int port;

    @BeforeAll
    static void startBrowser() throws IOException {
        chromium = HeadlessChromium.start(1280, 900);
        browser = chromium.driver();
    }

    @AfterAll
    static void stopBrowser() {
        if (chromium != null) {
            chromium.close();
        }
    }

    @Test
    void operatorScansTwoPickedDomainsWatchesProgressAndOpensAGuideWithAGeneratedFix() throws IOException {
        TeamRef team = accounts.team("picker");
        UserView operator = user("picker-op", Role.OPERATOR, team);
        String first = uniqueDomain("a-pick");
        String second = uniqueDomain("b-pick");
        String third = uniqueDomain("c-left");
        serve(first, "v=spf1 +all");
        serve(second, "v=spf1 mx -all");
        serve(third, "v=spf1 -all");
        long firstId = domain(first, team, 1440, List.of("web"));
        long secondId = domain(second, team, 1440, List.of("web"));
        long thirdId = domain(third, team, 1440, List.of("mail"));

        browser.get(url("/login"));
        browser.findElement(By.name("username")).sendKeys(operator.username());
        browser.findElement(By.name("password")).sendKeys(AccountsTestSupport.PASSWORD);
        browser.findElement(By.cssSelector("form button[type=submit]")).click();
        waiting().until(ExpectedConditions.not(ExpectedConditions.urlContains("/login")));

        browser.get(url("/domains"));
        waiting().until(ExpectedConditions.presenceOfElementLocated(By.id("domains")));
        assertThat(browser.findElements(By.cssSelector("#domains tbody tr"))).hasSize(3);
        // every row checkbox has a label naming its domain
        assertThat(browser.findElement(By.cssSelector("label[for='pick-" + firstId + "']"))
                        .getAttribute("textContent"))
                .isEqualTo("Select " + first);
        assertThat(browser.findElement(By.id("select-page")).getAttribute("aria-label"))
                .isEqualTo("Select all domains on this page");

        // "select all on page" selects the three, and again clears them
        browser.findElement(By.id("select-page")).click();
        assertThat(selected()).containsExactlyInAnyOrder(firstId, secondId, thirdId);
        assertThat(browser.findElement(By.id("selection-count")).getText()).isEqualTo("3 selected");
        browser.findElement(By.id("select-page")).click();
        assertThat(selected()).isEmpty();

        // the first by keyboard (focus, space), the second by mouse: "select all" becomes indeterminate
        WebElement pickFirst = browser.findElement(By.id("pick-" + firstId));
        ((JavascriptExecutor) browser).executeScript("arguments[0].focus()", pickFirst);
        pickFirst.sendKeys(Keys.SPACE);
        browser.findElement(By.id("pick-" + secondId)).click();
        assertThat(selected()).containsExactlyInAnyOrder(firstId, secondId);
        assertThat(browser.findElement(By.id("selection-count")).getText()).isEqualTo("2 selected");
        assertThat(((JavascriptExecutor) browser)
                        .executeScript("return document.getElementById('select-page').indeterminate"))
                .isEqualTo(true);
        screenshot("01-domains-picked");

        browser.findElement(By.id("scan-selected")).click();
        waiting().until(ExpectedConditions.urlMatches(".*/scans/\\d+$"));
        long scanId = Long.parseLong(browser.getCurrentUrl().replaceAll(".*/scans/", ""));
        assertThat(jdbc.queryForList("select domain_id from scan_run_item where scan_run_id = ?", Long.class, scanId))
                .containsExactlyInAnyOrder(firstId, secondId);
        // a marker on the window: it survives only if the page is updated in place, not reloaded
        ((JavascriptExecutor) browser).executeScript("window.mailwardNoReload = true");
        screenshot("02-scan-progress");
        new WebDriverWait(browser, Duration.ofSeconds(60))
                .until(ExpectedConditions.textToBe(By.id("scan-state"), "finished"));
        assertThat(browser.findElement(By.id("scan-counts")).getText()).isEqualTo("2 of 2 domains done");
        assertThat(browser.findElement(By.id("scan-eta")).getText()).isEqualTo("–");
        assertThat(((JavascriptExecutor) browser).executeScript("return window.mailwardNoReload === true"))
                .isEqualTo(true);
        assertThat(browser.findElements(By.id("cancel-scan")))
                .as("nothing left to cancel")
                .isEmpty();
        screenshot("03-scan-finished");

        // the guide seen from the first domain: its failing SPF finding and the record built from its MX
        browser.get(url("/mitigations/spf-dkim/guide?domain=" + first));
        waiting().until(ExpectedConditions.presenceOfElementLocated(By.id("domain-guide")));
        assertThat(browser.findElement(By.id("h-domain-guide")).getText()).isEqualTo("Seen from " + first);
        assertThat(browser.findElement(By.id("domain-findings")).getText())
                .contains("spf")
                .containsPattern("SPF_[A-Z_]*ALL");
        String fix = browser.findElement(By.cssSelector("#fixes pre")).getText();
        assertThat(fix).isEqualTo(first + ". 3600 IN TXT \"v=spf1 mx -all\"");
        screenshot("04-guide-for-domain");

        // the guide links to the domain's dashboard, which links to the inventory page, which links back
        browser.findElement(By.cssSelector("#domain-guide a[href='/domains/" + firstId + "/dashboard']"))
                .click();
        waiting().until(ExpectedConditions.presenceOfElementLocated(By.id("breakdown")));
        screenshot("05-domain-dashboard");
        browser.findElement(By.cssSelector("a[href='/domains/" + firstId + "']"))
                .click();
        waiting().until(ExpectedConditions.presenceOfElementLocated(By.id("domain-dashboard")));
        browser.findElement(By.id("domain-dashboard")).click();
        waiting().until(ExpectedConditions.urlContains("/domains/" + firstId + "/dashboard"));
    }

    private List<Long> selected() {
        return browser.findElements(By.cssSelector("#domains input[name='domainId']")).stream()
                .filter(WebElement::isSelected)
                .map(e -> Long.parseLong(e.getAttribute("value")))
                .toList();
    }

    private String url(String path) {
        return "http://127.0.0.1:" + port + path;
    }

    private WebDriverWait waiting() {
        return new WebDriverWait(browser, Duration.ofSeconds(15));
    }

    private void screenshot(String name) throws IOException {
        Number height = (Number) ((JavascriptExecutor) browser)
                .executeScript("return Math.min(6000, document.documentElement.scrollHeight)");
        browser.manage().window().setSize(new Dimension(1280, Math.max(900, height.intValue())));
        File shot = ((TakesScreenshot) browser).getScreenshotAs(OutputType.FILE);
        Files.copy(shot.toPath(), SCREENSHOTS.resolve("scan-" + name + ".png"), StandardCopyOption.REPLACE_EXISTING);
        browser.manage().window().setSize(new Dimension(1280, 900));
    }
}
