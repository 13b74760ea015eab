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
 * Issue 18 items 3 and 5 in headless Chromium: an operator accepts a finding for every target with its code
 * and both results of the domain turn "Accepted"; the exceptions page lists it; a guide filled in for a
 * domain reads its findings, Fix it, Verify, Background and the folded code catalogue, top to bottom, and a
 * link to a code opens the fold. Screenshots (1440 and 390 px) under {@code target/screenshots/}. Skips
 * without Chromium or chromedriver.
 */
class ExceptionsAndGuideBrowserTests extends DashboardTestSupport {

    private static final Path SCREENSHOTS = Path.of("target/screenshots");
    private static final int DESKTOP = 1440;
    private static final int PHONE = 390;

    private static HeadlessChromium chromium;
    private static WebDriver browser;

    @LocalServerPort
    int port;

    @BeforeAll
    static void startBrowser() throws IOException {
        chromium = HeadlessChromium.start(DESKTOP, 900);
        browser = chromium.driver();
    }

    @AfterAll
    static void stopBrowser() {
        if (chromium != null) {
            chromium.close();
        }
    }

    @Test
    void acceptingForEveryTargetTurnsEachResultWithTheCodeAccepted() throws IOException {
        TeamRef team = accounts.team("accept-scope");
        UserView operator = accounts.user("accept-op", Role.OPERATOR, team);
        String name = unique("accept-scope");
        long id = seed().domain(name, team.id(), List.of());
        ptrMissing(id, "192.0.2.25");
        ptrMissing(id, "192.0.2.26");

        browser.manage().window().setSize(new Dimension(DESKTOP, 900));
        signIn(operator);
        browser.get(url("/domains/" + id + "/results"));
        assertThat(badges()).containsExactly("FAIL", "FAIL");

        WebElement card = browser.findElement(By.cssSelector("details.result[data-check='ptr']"));
        WebElement accept = card.findElement(By.cssSelector("details.accept"));
        accept.findElement(By.tagName("summary")).click();
        WebElement form = accept.findElement(By.cssSelector("form.accept-form"));
        assertThat(form.getText())
                .contains("This target only (192.0.2.25)", "Every target with PTR_MISSING on this domain");
        form.findElement(By.name("reason")).sendKeys("backup MX addresses without PTR until the move");
        form.findElement(By.cssSelector("input[name='scope'][value='DOMAIN']")).click();
        form.findElement(By.cssSelector("button[type='submit']")).click();
        waiting().until(ExpectedConditions.urlContains("/domains/" + id));

        browser.get(url("/domains/" + id + "/results"));
        assertThat(badges())
                .as("both results with the code show as accepted, not as failing")
                .containsExactly("ACCEPTED", "ACCEPTED");
        screenshot("accepted-every-target-" + DESKTOP);

        for (int width : new int[] {DESKTOP, PHONE}) {
            browser.manage().window().setSize(new Dimension(width, width == PHONE ? 844 : 900));
            browser.get(url("/exceptions?domain=" + name));
            WebElement row = waiting()
                    .until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("#exceptions tbody tr")));
            assertThat(row.getText()).contains("PTR_MISSING", "Every target with this code", operator.username());
            assertThat(row.findElement(By.cssSelector(".status-ACCEPTED")).isDisplayed())
                    .isTrue();
            screenshot("exceptions-" + width);
        }
    }

    @Test
    void aDomainsGuideReadsFindingsFixVerifyBackgroundThenTheFoldedCodes() throws IOException {
        TeamRef team = accounts.team("guide-order");
        UserView auditor = accounts.user("guide-aud", Role.AUDITOR, team);
        String name = unique("guide-order");
        long id = seed().domain(name, team.id(), List.of());
        Map<Mitigation, Status> statuses = new EnumMap<>(Mitigation.class);
        statuses.put(Mitigation.LAYERED_AUTH, Status.FAIL);
        seed().results(id, name, statuses, 1, 60);
        refresher.refresh(id);

        browser.manage().window().setSize(new Dimension(DESKTOP, 900));
        signIn(auditor);
        for (int width : new int[] {DESKTOP, PHONE}) {
            browser.manage().window().setSize(new Dimension(width, width == PHONE ? 844 : 900));
            browser.get(url("/mitigations/layered-auth/guide?domain=" + name));
            waiting().until(ExpectedConditions.presenceOfElementLocated(By.id("codes")));
            List<Integer> tops = new ArrayList<>();
            for (String part : List.of("domain-guide", "fix", "verify", "background", "codes")) {
                tops.add(browser.findElement(By.id(part)).getRect().getY());
            }
            assertThat(tops)
                    .as("findings, fix, verify, background, codes, top to bottom at " + width + " px")
                    .isSorted()
                    .doesNotHaveDuplicates();
            assertThat(browser.findElement(By.id("domain-guide")).getText()).contains("seeded layered-auth fail");
            assertThat(browser.findElement(By.id("verify")).getText())
                    .as("the verify commands name the domain")
                    .contains("_dmarc." + name);
            assertThat(browser.findElement(By.id("DMARC_MISSING")).isDisplayed())
                    .as("the code catalogue is folded")
                    .isFalse();
            screenshot("guide-domain-" + width);
        }

        browser.manage().window().setSize(new Dimension(DESKTOP, 900));
        browser.get(url("/mitigations/layered-auth/guide?domain=" + name + "#DMARC_MISSING"));
        waiting().until(ExpectedConditions.visibilityOfElementLocated(By.id("DMARC_MISSING")));
        assertThat(browser.findElement(By.cssSelector("#codes details")).getAttribute("open"))
                .as("a link to a code opens the catalogue")
                .isNotNull();
    }

    private void ptrMissing(long domainId, String address) {
        jdbc.update("""
                insert into current_result (domain_id, check_id, target, result_id, run_id, status, findings, evidence,
                                            dns_hash, checked_at, elapsed_ms)
                values (?, 'ptr', ?, 0, 0, 'FAIL',
                        '[{"code":"PTR_MISSING","status":"FAIL","message":"The address has no PTR record.","mitigation":"reputation"}]'::jsonb,
                        '{}'::jsonb, '', now(), 1)
                """, domainId, address);
    }

    /** The status badge in each result card's summary, in page order. */
    private List<String> badges() {
        List<WebElement> summaries = waiting()
                .until(ExpectedConditions.presenceOfAllElementsLocatedBy(
                        By.cssSelector("details.result[data-check='ptr'] > summary .status")));
        return summaries.stream()
                .map(e -> e.getAttribute("class").replaceAll(".*status-([A-Z_]+).*", "$1"))
                .toList();
    }

    private void signIn(UserView user) {
        browser.get(url("/login"));
        browser.manage().deleteAllCookies();
        browser.get(url("/login"));
        waiting().until(ExpectedConditions.presenceOfElementLocated(By.name("username")));
        browser.findElement(By.name("username")).sendKeys(user.username());
        browser.findElement(By.name("password")).sendKeys(AccountsTestSupport.PASSWORD);
        browser.findElement(By.cssSelector("form button[type=submit]")).click();
        waiting().until(ExpectedConditions.not(ExpectedConditions.urlContains("/login")));
    }

    private String url(String path) {
        return "http://127.0.0.1:" + port + path;
    }

    private WebDriverWait waiting() {
        return new WebDriverWait(browser, Duration.ofSeconds(10));
    }

    private void screenshot(String name) throws IOException {
        Files.createDirectories(SCREENSHOTS);
        Dimension before = browser.manage().window().getSize();
        Number height = (Number) ((JavascriptExecutor) browser)
                .executeScript("return Math.min(6000, document.documentElement.scrollHeight)");
        browser.manage()
                .window()
                .setSize(new Dimension(before.getWidth(), Math.max(before.getHeight(), height.intValue())));
        File shot = ((TakesScreenshot) browser).getScreenshotAs(OutputType.FILE);
        Files.copy(shot.toPath(), SCREENSHOTS.resolve("items35-" + name + ".png"), StandardCopyOption.REPLACE_EXISTING);
        browser.manage().window().setSize(before);
    }
}
