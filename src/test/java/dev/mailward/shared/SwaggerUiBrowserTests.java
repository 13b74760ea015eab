package dev.mailward.shared;

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
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * In headless Chromium: a signed-in user opens the API documentation, Swagger UI shows the API's operations
 * grouped by resource, and the browser's console reports no Content-Security-Policy violation (the console's
 * strict policy holds for Swagger UI unchanged) nor any other error. Screenshot
 * {@code target/screenshots/swagger-ui-1440.png}.
 */
@MailwardIntegrationTest
class SwaggerUiBrowserTests {

    private static HeadlessChromium chromium;
    private static WebDriver browser;

    @LocalServerPort
    int port;

    @Autowired
    AccountsTestSupport accounts;

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
    void swaggerUiShowsTheOperationsByResourceWithoutCspViolations() throws Exception {
        UserView auditor = accounts.user("swagger-ui", Role.AUDITOR);
        browser.get(url("/login"));
        browser.findElement(By.name("username")).sendKeys(auditor.username());
        browser.findElement(By.name("password")).sendKeys(AccountsTestSupport.PASSWORD);
        browser.findElement(By.cssSelector("form button[type=submit]")).click();
        waiting().until(ExpectedConditions.not(ExpectedConditions.urlContains("/login")));
        browser.manage().logs().get(LogType.BROWSER); // only what the documentation page logs counts

        browser.get(url("/api/docs"));
        waiting().until(ExpectedConditions.urlContains("/swagger-ui/index.html"));
        List<WebElement> tags =
                waiting().until(ExpectedConditions.numberOfElementsToBeMoreThan(By.cssSelector(".opblock-tag"), 10));
        assertThat(tags.stream().map(WebElement::getText))
                .anySatisfy(t -> assertThat(t).startsWith("Domains"))
                .anySatisfy(t -> assertThat(t).startsWith("Exceptions"));
        assertThat(browser.findElements(By.cssSelector(".opblock-summary-description")))
                .extracting(WebElement::getText)
                .contains("List domains", "Start a scan now");
        // open one operation: its problem answers show with the example
        browser.findElement(By.cssSelector("#operations-Domains-addDomain .opblock-summary-control"))
                .click();
        waiting()
                .until(ExpectedConditions.textToBePresentInElementLocated(
                        By.cssSelector("#operations-Domains-addDomain"), "urn:mailward:problem:invalid-input"));
        screenshot("swagger-ui-1440");

        List<String> console = browser.manage().logs().get(LogType.BROWSER).getAll().stream()
                .map(LogEntry::toString)
                .toList();
        assertThat(console)
                .as("the browser console while Swagger UI loaded")
                .noneMatch(line -> line.contains("Content Security Policy") || line.contains("Refused to"))
                .noneMatch(line -> line.contains("SEVERE"));
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
