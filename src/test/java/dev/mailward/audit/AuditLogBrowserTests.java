package dev.mailward.audit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mailward.MailwardIntegrationTest;
import dev.mailward.accounts.AccountsTestSupport;
import dev.mailward.accounts.Role;
import dev.mailward.accounts.UserView;
import dev.mailward.shared.AuditableAction;
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
import org.openqa.selenium.Rectangle;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * In headless Chromium at 1440 and 390 px: the audit log's columns stay readable with long, unbroken values
 * (a 300-character target, a detail with a 200-character token, an IPv6 source address): the table fits the
 * page without sideways scrolling, the time keeps its date on one line, every column keeps a readable width, a
 * long value wraps inside its own cell, and the source address is shown compressed ({@code ::1}). On a phone
 * every entry is a card of labelled lines. Screenshots {@code target/screenshots/audit-log-*.png}.
 */
@MailwardIntegrationTest
class AuditLogBrowserTests {

    private static HeadlessChromium chromium;
    private static WebDriver browser;

    @LocalServerPort
    int port;

    @Autowired
    AccountsTestSupport accounts;

    @Autowired
    AuditLog log;

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
    void longValuesWrapInsideReadableColumnsOnDesktopAndPhone() throws Exception {
        String actor = AccountsTestSupport.unique("auditor-of-long-values");
        String target = "domain:" + "very-long-label-without-any-break-".repeat(8) + "example.org";
        String token = "x".repeat(200);
        log.append(new AuditableAction(
                actor,
                "0:0:0:0:0:0:0:1",
                "server.config.uploaded",
                target,
                "version=7 sha256=" + token + " files=postconf,master,doveconf,rspamd redactions=3",
                null));
        log.append(new AuditableAction(actor, "192.0.2.25", "domain.added", "domain:short.example", "team=1", null));
        UserView admin = accounts.user("audit-ui", Role.ADMIN);
        browser.manage().window().setSize(new Dimension(1440, 900));
        browser.get(url("/login"));
        browser.findElement(By.name("username")).sendKeys(admin.username());
        browser.findElement(By.name("password")).sendKeys(AccountsTestSupport.PASSWORD);
        browser.findElement(By.cssSelector("form button[type=submit]")).click();
        waiting().until(ExpectedConditions.not(ExpectedConditions.urlContains("/login")));

        browser.get(url("/audit?actor=" + actor));
        List<WebElement> rows =
                waiting().until(ExpectedConditions.numberOfElementsToBe(By.cssSelector("#audit tbody tr"), 2));
        screenshot("audit-log-1440");
        assertThat(noSidewaysScroll(".table-wrap"))
                .as("the table fits at 1440 px")
                .isTrue();
        assertThat(noSidewaysScroll("html")).isTrue();
        WebElement longRow = rows.get(1);
        assertThat(cell(longRow, "col-source").getText()).isEqualTo("::1");
        // an entry of no team shows none (not "#0")
        assertThat(cell(longRow, "col-team").getText()).isEmpty();
        // the action on one line
        WebElement action = cell(longRow, "col-action").findElement(By.cssSelector(".tag"));
        assertThat(action.getRect().getHeight()).as("the action on one line").isLessThan(30);
        Rectangle table = browser.findElement(By.id("audit")).getRect();
        for (String column : List.of("col-at", "col-actor", "col-source", "col-action", "col-target", "col-detail")) {
            Rectangle c = cell(longRow, column).getRect();
            assertThat(c.getWidth()).as(column + " width").isGreaterThanOrEqualTo(100);
            assertThat(c.getX() + c.getWidth())
                    .as(column + " ends inside the table")
                    .isLessThanOrEqualTo(table.getX() + table.getWidth() + 1);
        }
        assertThat(cell(longRow, "col-detail").getRect().getWidth())
                .as("the detail gets the most room")
                .isGreaterThanOrEqualTo(300);
        // the date on one line, the time below it
        WebElement date = cell(longRow, "col-at").findElement(By.cssSelector(".date"));
        assertThat(date.getRect().getHeight()).as("the date on one line").isLessThan(30);
        assertThat(cell(longRow, "col-at").getText()).matches("\\d{4}-\\d{2}-\\d{2}\\s+\\d{2}:\\d{2}:\\d{2} UTC");
        // the long values are all there, wrapped, not cut
        assertThat(cell(longRow, "col-target").getText().replaceAll("\\s", "")).isEqualTo(target);
        assertThat(cell(longRow, "col-detail").getText().replaceAll("\\s", "")).contains(token);

        browser.manage().window().setSize(new Dimension(390, 844));
        browser.get(url("/audit?actor=" + actor));
        rows = waiting().until(ExpectedConditions.numberOfElementsToBe(By.cssSelector("#audit tbody tr"), 2));
        screenshot("audit-log-390");
        assertThat(noSidewaysScroll("html"))
                .as("no sideways scrolling at 390 px")
                .isTrue();
        assertThat(noSidewaysScroll(".table-wrap")).isTrue();
        longRow = rows.get(1);
        Rectangle detail = cell(longRow, "col-detail").getRect();
        // on the card a value takes the card's width, not its desktop column's
        assertThat(cell(longRow, "col-actor").getRect().getWidth()).isGreaterThan(250);
        assertThat(detail.getX() + detail.getWidth()).isLessThanOrEqualTo(390);
        // each value is labelled on the card
        assertThat(((JavascriptExecutor) browser)
                        .executeScript(
                                "return getComputedStyle(arguments[0], '::before').content",
                                cell(longRow, "col-source")))
                .isEqualTo("\"Source address\"");
    }

    private static WebElement cell(WebElement row, String column) {
        return row.findElement(By.cssSelector("td." + column));
    }

    private boolean noSidewaysScroll(String selector) {
        Object fits = ((JavascriptExecutor) browser)
                .executeScript(
                        "const e = document.querySelector(arguments[0]); return e.scrollWidth <= e.clientWidth + 1;",
                        selector);
        return Boolean.TRUE.equals(fits);
    }

    private WebDriverWait waiting() {
        return new WebDriverWait(browser, Duration.ofSeconds(20));
    }

    private String url(String path) {
        return "http://localhost:" + port + path;
    }

    private void screenshot(String name) throws IOException {
        File shot = ((TakesScreenshot) browser).getScreenshotAs(OutputType.FILE);
        Files.copy(shot.toPath(), Path.of("target/screenshots", name + ".png"), StandardCopyOption.REPLACE_EXISTING);
    }
}
