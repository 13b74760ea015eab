package dev.mailward.inventory;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mailward.MailwardIntegrationTest;
import dev.mailward.accounts.AccountsTestSupport;
import dev.mailward.dns.DomainName;
import dev.mailward.testbrowser.HeadlessChromium;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.boot.test.web.server.LocalServerPort;

/** Onboards a domain in headless Chromium against the running console and the loopback DNS server. */
@MailwardIntegrationTest
class OnboardingBrowserTests {

    private static final Path SCREENSHOTS = Path.of("target/screenshots");

    private static WebDriver browser;
    private static HeadlessChromium chromium;

    @LocalServerPort
    int port;

    @org.springframework.beans.factory.annotation.Autowired
    dev.mailward.accounts.Accounts accounts;

    @org.springframework.beans.factory.annotation.Autowired
    org.springframework.security.core.userdetails.UserDetailsService users;

    @org.springframework.beans.factory.annotation.Autowired
    AccountsTestSupport support;

    /** An operator of a new team, made through the accounts facade as the first admin. */
    private String operator(String password) {
        var admin = users.loadUserByUsername("admin");
        var ctx = org.springframework.security.core.context.SecurityContextHolder.getContext();
        ctx.setAuthentication(
                org.springframework.security.authentication.UsernamePasswordAuthenticationToken.authenticated(
                        admin, null, admin.getAuthorities()));
        try {
            long team =
                    accounts.createTeam(InventoryTestSupport.unique("Web team")).id();
            String name = InventoryTestSupport.unique("web-operator");
            accounts.createUser(new dev.mailward.accounts.CreateUser(
                    name, "Web Operator", dev.mailward.accounts.Role.OPERATOR, java.util.Set.of(team), password));
            return name;
        } finally {
            org.springframework.security.core.context.SecurityContextHolder.clearContext();
        }
    }

    /** The first admin, whom {@link #operator} acts as (made again if a test emptied the user table). */
    @BeforeEach
    void firstAdmin() {
        support.firstAdmin(InventoryTestSupport.ADMIN_PASSWORD);
    }

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

    private String url(String path) {
        return "http://127.0.0.1:" + port + path;
    }

    private void screenshot(String name) throws IOException {
        File shot = ((TakesScreenshot) browser).getScreenshotAs(OutputType.FILE);
        Files.copy(
                shot.toPath(), SCREENSHOTS.resolve(name + ".png"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    }

    private WebDriverWait waiting() {
        return new WebDriverWait(browser, Duration.ofSeconds(10));
    }

    @Test
    void onboardsADomainAndShowsItsMailServers() throws IOException {
        String label = InventoryTestSupport.unique("bücher");
        DomainName name = DomainName.parse(label + ".test");
        InventoryTestSupport.DNS.addZone("$ORIGIN " + name.ascii() + ".\n"
                + "@ 300 IN SOA ns1 hostmaster 1 3600 600 86400 60\n@ 300 IN NS ns1\nns1 300 IN A 192.0.2.53\n"
                + "@ 300 IN MX 10 mail\n@ 300 IN MX 20 backup\n"
                + "mail 300 IN A 192.0.2.25\nmail 300 IN AAAA 2001:db8::25\nbackup 300 IN A 192.0.2.26\n"
                + "_submission._tcp 300 IN SRV 0 1 587 mail\n_imaps._tcp 300 IN SRV 0 1 993 mail\n");

        String password = "Browser-Operator-Passphrase-7";
        String username = operator(password);
        browser.get(url("/"));
        waiting().until(ExpectedConditions.presenceOfElementLocated(By.name("username")));
        screenshot("01-login");
        browser.findElement(By.name("username")).sendKeys(username);
        browser.findElement(By.name("password")).sendKeys(password);
        browser.findElement(By.cssSelector("form button[type=submit]")).click();
        // the console opens on the dashboard since the dashboard module; the domain list is one click away
        waiting().until(ExpectedConditions.urlContains("/dashboard"));
        browser.get(url("/domains"));
        screenshot("02-domains");

        browser.findElement(By.id("add-domain")).click();
        waiting().until(ExpectedConditions.presenceOfElementLocated(By.id("name")));
        browser.findElement(By.id("name")).sendKeys("exa mple.org");
        browser.findElement(By.id("save")).click();
        String error = waiting()
                .until(ExpectedConditions.visibilityOfElementLocated(By.id("name-error")))
                .getText();
        assertThat(error).contains("illegal character U+0020 SPACE at position 4");
        screenshot("03-new-domain-error");

        browser.findElement(By.id("name")).clear();
        browser.findElement(By.id("name")).sendKeys(name.unicode().toUpperCase() + ".");
        browser.findElement(By.id("tags")).sendKeys("prod, eu");
        browser.findElement(By.id("selectors")).sendKeys("s1");
        browser.findElement(By.id("save")).click();
        waiting().until(ExpectedConditions.presenceOfElementLocated(By.id("mail-servers")));
        assertThat(browser.findElement(By.id("domain-name")).getText()).isEqualTo(name.unicode());
        String servers = browser.findElement(By.id("mail-servers")).getText();
        assertThat(servers)
                .contains("mail." + name.ascii())
                .contains("backup." + name.ascii())
                .contains("192.0.2.25")
                .contains("MX:25")
                .contains("SUBMISSION:587")
                .contains("IMAPS:993");
        assertThat(browser.findElement(By.id("discovery")).getText()).contains("MX found");
        screenshot("04-domain-detail");

        browser.findElement(By.linkText("mail." + name.ascii())).click();
        waiting().until(ExpectedConditions.presenceOfElementLocated(By.id("endpoints")));
        assertThat(browser.findElement(By.id("endpoints")).getText())
                .contains("IMAPS")
                .contains("993");
        screenshot("05-server-detail");

        browser.get(url("/servers"));
        screenshot("06-servers");

        browser.get(url("/domains"));
        browser.findElement(By.id("q")).sendKeys(label.substring(label.length() - 8));
        waiting()
                .until(d -> d.findElement(By.id("results")).getText().contains(name.unicode())
                        && d.findElement(By.id("results")).getText().matches("(?s).*\\b1 result\\b.*"));
        screenshot("07-live-search");

        browser.get(url("/domains/import"));
        browser.findElement(By.id("text"))
                .sendKeys("domain,tags\n" + InventoryTestSupport.unique("imp") + ".test,new\nbad..name.test,\n"
                        + name.ascii() + ",\nlocalhost,\n");
        browser.findElement(By.id("import")).click();
        String report = waiting()
                .until(ExpectedConditions.visibilityOfElementLocated(By.id("import-report")))
                .getText();
        assertThat(report)
                .contains("1 imported, 3 refused")
                .contains("is already in the inventory")
                .contains("empty label");
        screenshot("08-import-report");
    }
}
