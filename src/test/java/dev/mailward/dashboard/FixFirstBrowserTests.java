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
 * Issue 18's "worst first" in headless Chromium: the portfolio's "fix this first" list puts failures
 * before warnings (even a warning behind more domains), shows an MX host's expired certificate behind three
 * domains once as "affects 3 domains", and its link opens the guide at the code's section; the domain
 * page lists its problems first, grouped by host, folds its passes ("2 checks pass") and has a "problems
 * only" toggle, a link the keyboard follows, without JavaScript of its own. Screenshots at 1440 and 390 px
 * under {@code target/screenshots/fixfirst-*.png}.
 */
class FixFirstBrowserTests extends DashboardTestSupport {

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
    void failuresComeFirstASharedCauseIsOneItemAndTheDomainPageFoldsItsPasses() throws IOException {
        TeamRef team = accounts.team("worst");
        UserView auditor = accounts.user("worst-auditor", Role.AUDITOR, team);
        DashboardSeed seed = seed();
        String tag = "worst-" + Long.toHexString(System.nanoTime());
        String mx = "mx." + unique("worst-shared");
        List<Long> ids = new ArrayList<>();
        List<String> names = new ArrayList<>();
        for (int i = 1; i <= 3; i++) {
            String name = "w" + i + "-" + unique("worst");
            long id = seed.domain(name, team.id(), List.of(tag));
            seed.finding(
                    id,
                    "certificate",
                    mx + ":25",
                    "CERT_EXPIRED",
                    Status.FAIL,
                    Mitigation.TLS,
                    "The certificate of " + mx + " expired 3 days ago: senders that check it refuse to deliver");
            // a warning behind three domains (weight 2 × 3 = 6 > 4 × 1 of the SPF failure): still after it
            seed.finding(
                    id,
                    "vrfy",
                    mx + ":25",
                    "SMTP_VRFY_ENABLED",
                    Status.WARN,
                    Mitigation.MAINTAINED_MTA,
                    "The server answers VRFY: anyone can test which addresses exist");
            ids.add(id);
            names.add(name);
        }
        long first = ids.getFirst();
        String firstName = names.getFirst();
        seed.finding(
                first,
                "spf",
                firstName,
                "SPF_NO_RECORD",
                Status.FAIL,
                Mitigation.SPF_DKIM,
                "No SPF record: anyone can send mail in the domain's name");
        seed.finding(first, "mx", firstName, "MX_OK", Status.PASS, Mitigation.SPF_DKIM, "The MX hosts resolve");
        seed.finding(first, "dmarc", firstName, "DMARC_OK", Status.PASS, Mitigation.LAYERED_AUTH, "DMARC rejects");
        for (long id : ids) {
            refresher.refresh(id);
        }

        signIn(auditor);
        browser.manage().window().setSize(new Dimension(1440, 900));
        browser.get(url("/dashboard?tag=" + tag));
        List<WebElement> items = waiting()
                .until(ExpectedConditions.presenceOfAllElementsLocatedBy(By.cssSelector("#fix-first .fix-item")));
        assertThat(items)
                .extracting(i -> i.getAttribute("data-status"))
                .as("failures before warnings")
                .containsExactly("FAIL", "FAIL", "WARN");
        assertThat(items)
                .extracting(i -> i.getAttribute("data-code"))
                .as("weight × domains within a status: 4 × 3 before 4 × 1")
                .containsExactly("CERT_EXPIRED", "SPF_NO_RECORD", "SMTP_VRFY_ENABLED");
        WebElement cert = items.getFirst();
        assertThat(cert.findElement(By.cssSelector(".fix-affects")).getText()).isEqualTo("affects 3 domains");
        assertThat(cert.findElement(By.cssSelector(".fix-reason")).getText())
                .isEqualTo("The certificate of " + mx + " expired 3 days ago: senders that check it refuse to deliver");
        assertThat(cert.findElement(By.cssSelector(".status")).getText()).isEqualTo("Fail");
        assertThat(cert.findElements(By.cssSelector(".fix-domains a")))
                .extracting(WebElement::getText)
                .containsExactlyElementsOf(names);
        assertThat(items.get(1).findElements(By.cssSelector(".fix-affects"))).isEmpty();
        screenshot("fixfirst-portfolio-1440");
        browser.manage().window().setSize(new Dimension(390, 844));
        screenshot("fixfirst-portfolio-390");
        browser.manage().window().setSize(new Dimension(1440, 900));

        WebElement guide = cert.findElement(By.cssSelector("a.fix-guide"));
        guide.sendKeys(Keys.ENTER);
        waiting().until(ExpectedConditions.urlContains("/mitigations/tls/guide"));
        assertThat(browser.getCurrentUrl()).endsWith("/mitigations/tls/guide?domain=" + first + "#CERT_EXPIRED");
        assertThat(browser.findElements(By.id("CERT_EXPIRED")))
                .as("the guide's section of the code")
                .hasSize(1);
        assertThat(browser.findElement(By.id("domain-guide")).getText()).contains(firstName);

        browser.get(url("/domains/" + first));
        List<WebElement> own = waiting()
                .until(ExpectedConditions.presenceOfAllElementsLocatedBy(By.cssSelector("#fix-first .fix-item")));
        assertThat(own)
                .extracting(i -> i.getAttribute("data-code"))
                .containsExactly("CERT_EXPIRED", "SPF_NO_RECORD", "SMTP_VRFY_ENABLED");
        assertThat(own.getFirst().findElement(By.cssSelector(".fix-affects")).getText())
                .isEqualTo("affects 3 domains");
        waiting().until(ExpectedConditions.presenceOfElementLocated(By.id("results-summary")));
        assertThat(browser.findElement(By.id("results-summary")).getText())
                .contains("3 problems")
                .contains("2 checks pass");
        List<WebElement> groups = browser.findElements(By.cssSelector(".result-group"));
        assertThat(groups)
                .extracting(g -> g.getAttribute("data-host"))
                .as("the domain's DNS first, then the mail server")
                .containsExactly(firstName, mx);
        WebElement passes = groups.getFirst().findElement(By.cssSelector("details.passes"));
        assertThat(passes.getAttribute("open")).as("passes are folded").isNull();
        assertThat(passes.findElement(By.cssSelector("summary")).getText()).isEqualTo("2 checks pass");
        assertThat(groups.getFirst().findElements(By.cssSelector(":scope > details.result")))
                .extracting(d -> d.getAttribute("data-check"))
                .as("the problems stand first, outside the fold")
                .containsExactly("spf");
        screenshot("fixfirst-domain-1440");
        browser.manage().window().setSize(new Dimension(390, 844));
        screenshot("fixfirst-domain-390");
        browser.manage().window().setSize(new Dimension(1440, 900));

        WebElement toggle = browser.findElement(By.id("problems-toggle"));
        assertThat(toggle.getText()).isEqualTo("Problems only");
        toggle.sendKeys(Keys.ENTER);
        waiting().until(ExpectedConditions.urlContains("problems=only"));
        waiting().until(ExpectedConditions.presenceOfElementLocated(By.id("results-summary")));
        assertThat(browser.findElements(By.cssSelector("details.passes")))
                .as("no passes")
                .isEmpty();
        assertThat(browser.findElements(By.cssSelector("details.result")))
                .extracting(d -> d.getAttribute("data-check"))
                .containsExactlyInAnyOrder("spf", "certificate", "vrfy");
        assertThat(browser.findElement(By.id("problems-toggle")).getText()).isEqualTo("Show all results");
        browser.findElement(By.id("problems-toggle")).click();
        waiting().until(ExpectedConditions.not(ExpectedConditions.urlContains("problems=only")));
        waiting().until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("details.passes")));
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

    private void screenshot(String name) throws IOException {
        Dimension before = browser.manage().window().getSize();
        Number height = (Number) ((JavascriptExecutor) browser)
                .executeScript("return Math.min(6000, document.documentElement.scrollHeight)");
        browser.manage()
                .window()
                .setSize(new Dimension(before.getWidth(), Math.max(before.getHeight(), height.intValue())));
        File shot = ((TakesScreenshot) browser).getScreenshotAs(OutputType.FILE);
        Files.copy(shot.toPath(), SCREENSHOTS.resolve(name + ".png"), StandardCopyOption.REPLACE_EXISTING);
        browser.manage().window().setSize(before);
    }

    private WebDriverWait waiting() {
        return new WebDriverWait(browser, Duration.ofSeconds(10));
    }

    private String url(String path) {
        return "http://127.0.0.1:" + port + path;
    }
}
