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
import dev.mailward.checks.Rules;
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
 * In headless Chromium, on a desktop (1440 px) and a phone (390 px) width: an admin finds "Re-judge under
 * the current rules" on the Changes page, is asked to confirm, and is told afterwards how many domains were
 * judged again. Screenshots under {@code target/screenshots/rejudge-*.png}.
 */
class RejudgeBrowserTests extends ScanningTestSupport {

    private static final Path SCREENSHOTS = Path.of("target/screenshots");

    private static HeadlessChromium chromium;
    private static WebDriver browser;

    @LocalServerPort
    int port;

    @BeforeAll
    static void startBrowser() throws IOException {
        Files.createDirectories(SCREENSHOTS);
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
    void anAdminReJudgesFromTheChangesPageAfterConfirmingOnDesktopAndPhone() throws Exception {
        TeamRef team = accounts.team("rejudge-ui");
        UserView operator = user("rj-op", Role.OPERATOR, team);
        UserView admin = user("rj-admin", Role.ADMIN);
        String name = uniqueDomain("rejudge-ui");
        serve(name, "v=spf1 mx -all");
        long id = domain(name, team, 1440, List.of());
        mvc.perform(post("/domains/{id}/check", id).with(as(operator)).with(csrf()))
                .andExpect(status().is3xxRedirection());
        await().atMost(Duration.ofSeconds(20))
                .until(() -> jdbc.queryForObject(
                                "select count(*) from check_observation where domain_id = ?", Integer.class, id)
                        == 1);

        browser.get(url("/login"));
        browser.findElement(By.name("username")).sendKeys(admin.username());
        browser.findElement(By.name("password")).sendKeys(AccountsTestSupport.PASSWORD);
        browser.findElement(By.cssSelector("form button[type=submit]")).click();
        waiting().until(ExpectedConditions.not(ExpectedConditions.urlContains("/login")));

        browser.get(url("/changes"));
        WebElement button = waiting().until(ExpectedConditions.elementToBeClickable(By.cssSelector("#rejudge button")));
        assertThat(button.getText()).isEqualTo("Re-judge under the current rules");
        screenshot("01-changes-1440", 1440);
        browser.manage().window().setSize(new Dimension(390, 844));
        browser.get(url("/changes"));
        button = waiting().until(ExpectedConditions.elementToBeClickable(By.cssSelector("#rejudge button")));
        assertThat(button.getRect().getX() + button.getRect().getWidth())
                .as("the button fits a 390 px phone")
                .isLessThanOrEqualTo(390);
        screenshot("02-changes-390", 390);

        // dismissing the confirmation leaves everything as it was
        long runsBefore = runs(id);
        button.click();
        waiting().until(ExpectedConditions.alertIsPresent()).dismiss();
        assertThat(runs(id)).isEqualTo(runsBefore);

        browser.findElement(By.cssSelector("#rejudge button")).click();
        assertThat(waiting().until(ExpectedConditions.alertIsPresent()).getText())
                .startsWith("Judge ");
        browser.switchTo().alert().accept();
        WebElement flash = waiting().until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector(".flash-ok")));
        assertThat(flash.getText()).startsWith("Re-judged ").contains("under rules version " + Rules.VERSION);
        assertThat(runs(id)).isEqualTo(runsBefore + 1);
        assertThat(jdbc.queryForObject(
                        "select trigger from check_run where domain_id = ? order by id desc limit 1", String.class, id))
                .isEqualTo("REJUDGE");
        screenshot("03-rejudged-390", 390);
    }

    private long runs(long id) {
        return jdbc.queryForObject("select count(*) from check_run where domain_id = ?", Long.class, id);
    }

    private String url(String path) {
        return "http://127.0.0.1:" + port + path;
    }

    private WebDriverWait waiting() {
        return new WebDriverWait(browser, Duration.ofSeconds(15));
    }

    private void screenshot(String name, int width) throws IOException {
        Dimension before = browser.manage().window().getSize();
        Number height = (Number) ((JavascriptExecutor) browser)
                .executeScript("return Math.min(6000, document.documentElement.scrollHeight)");
        browser.manage().window().setSize(new Dimension(width, Math.max(844, height.intValue())));
        File shot = ((TakesScreenshot) browser).getScreenshotAs(OutputType.FILE);
        Files.copy(shot.toPath(), SCREENSHOTS.resolve("rejudge-" + name + ".png"), StandardCopyOption.REPLACE_EXISTING);
        browser.manage().window().setSize(before);
    }
}
