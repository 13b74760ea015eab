package dev.mailward.accounts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrl;

import dev.mailward.MailwardIntegrationTest;
import dev.mailward.testbrowser.Axe;
import dev.mailward.testbrowser.HeadlessChromium;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.mock.web.MockHttpSession;
import org.springframework.test.web.servlet.MockMvc;

/**
 * In headless Chromium: the account page lists where the user is signed in (this browser marked, another
 * session with its browser and address), signing out the other session removes it from the list and ends it,
 * and the page passes axe-core.
 */
@MailwardIntegrationTest
class AccountSessionsBrowserTests {

    private static HeadlessChromium chromium;
    private static WebDriver browser;
    private static Axe axe;

    @LocalServerPort
    int port;

    @Autowired
    AccountsTestSupport support;

    @Autowired
    MockMvc mvc;

    @BeforeAll
    static void startBrowser() throws IOException {
        chromium = HeadlessChromium.start(1280, 900);
        browser = chromium.driver();
        axe = Axe.load();
    }

    @AfterAll
    static void stopBrowser() {
        if (chromium != null) {
            chromium.close();
        }
    }

    @Test
    void theSessionsListShowsThisBrowserAndSignsOutTheOther() throws Exception {
        UserView user = support.user("browser-sessions", Role.AUDITOR);
        // another session of the same user, from a phone at another address
        MockHttpSession phone = (MockHttpSession) mvc.perform(post("/login")
                        .with(csrf())
                        .header(
                                "User-Agent",
                                "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko)"
                                        + " Chrome/131.0.0.0 Mobile Safari/537.36")
                        .param("username", user.username())
                        .param("password", AccountsTestSupport.PASSWORD)
                        .with(r -> {
                            r.setRemoteAddr("198.51.100.23");
                            return r;
                        }))
                .andExpect(redirectedUrl("/"))
                .andReturn()
                .getRequest()
                .getSession(false);

        browser.get("http://127.0.0.1:" + port + "/login");
        browser.findElement(By.name("username")).sendKeys(user.username());
        browser.findElement(By.name("password")).sendKeys(AccountsTestSupport.PASSWORD);
        browser.findElement(By.cssSelector("form button[type=submit]")).click();
        waiting().until(ExpectedConditions.not(ExpectedConditions.urlContains("/login")));

        browser.get("http://127.0.0.1:" + port + "/account");
        List<WebElement> rows =
                waiting().until(ExpectedConditions.numberOfElementsToBe(By.cssSelector("#sessions-table tbody tr"), 2));
        assertThat(rows.get(0).getText()).contains("Chrome").contains("this session");
        assertThat(rows.get(1).getText()).contains("Chrome 131 on Android").contains("198.51.100.23");
        assertThat(axe.violations(browser)).isEmpty();

        rows.get(1).findElement(By.cssSelector("button[type=submit]")).click();
        waiting().until(ExpectedConditions.numberOfElementsToBe(By.cssSelector("#sessions-table tbody tr"), 1));
        assertThat(browser.findElement(By.cssSelector(".flash-area")).getText())
                .contains("That session is signed out.");
        assertThat(browser.findElements(By.id("sign-out-others"))).isEmpty();
        mvc.perform(get("/account").session(phone)).andExpect(redirectedUrl("/login?logout"));
    }

    private static WebDriverWait waiting() {
        return new WebDriverWait(browser, Duration.ofSeconds(20));
    }
}
