package dev.mailward.results;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

import dev.mailward.MailwardIntegrationTest;
import dev.mailward.accounts.AccountsTestSupport;
import dev.mailward.accounts.Role;
import dev.mailward.accounts.TeamRef;
import dev.mailward.accounts.UserView;
import dev.mailward.checks.CheckOptions;
import dev.mailward.checks.CheckRegistry;
import dev.mailward.checks.CheckRunner;
import dev.mailward.checks.DomainObservation;
import dev.mailward.checks.DomainReport;
import dev.mailward.checks.Rules;
import dev.mailward.dns.DnsClient;
import dev.mailward.dns.DnsSettings;
import dev.mailward.testbrowser.HeadlessChromium;
import dev.mailward.testdns.SignedZones;
import dev.mailward.testdns.TestDnsServer;
import dev.mailward.testdns.TestZoneSigner;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.text.PDFTextStripper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.web.servlet.MockMvc;

/**
 * A domain whose parent publishes a DS that matches none of its keys, judged from a real observation
 * (a signed zone on loopback, a validating resolver with the test trust anchor): its page, its
 * dashboard (headless Chromium, 1440 and 390 px wide) and its PDF report say once, at the top, that
 * mail to it is not delivered, why and how to fix it; the checks it blocked say "Blocked by the
 * DNSSEC failure", DKIM once.
 */
@MailwardIntegrationTest
class DnssecOutageBrowserTests {

    private static final Path SCREENSHOTS = Path.of("target/screenshots");

    private static HeadlessChromium chromium;
    private static WebDriver browser;
    private static TestDnsServer dns;
    private static DnsClient resolver;
    private static String domain;

    @LocalServerPort
    int port;

    @Autowired
    AccountsTestSupport accounts;

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    Results results;

    @Autowired
    MockMvc mvc;

    @BeforeAll
    static void start(@TempDir Path dir) throws IOException {
        domain = AccountsTestSupport.unique("outage").toLowerCase() + ".test";
        SignedZones chain = TestZoneSigner.chain()
                .signed(".")
                .signed("test.")
                .signedWithWrongDs(domain + ".", """
                        $ORIGIN %s.
                        $TTL 300
                        @ IN SOA ns1 hostmaster 1 3600 600 86400 300
                        @ IN NS ns1
                        ns1 IN A 192.0.2.53
                        @ IN MX 10 mx
                        mx IN A 192.0.2.25
                        @ IN TXT "v=spf1 mx -all"
                        _dmarc IN TXT "v=DMARC1; p=reject"
                        """.formatted(domain))
                .build();
        dns = TestDnsServer.builder().zones(chain).start();
        resolver = DnsClient.create(DnsSettings.defaults()
                .withResolvers(List.of(dns.address()))
                .withTrustAnchors(Files.writeString(dir.resolve("anchors.txt"), chain.trustAnchor()))
                .withTimeout(Duration.ofMillis(500), 1));
        chromium = HeadlessChromium.start(1440, 1000);
        browser = chromium.driver();
        Files.createDirectories(SCREENSHOTS);
    }

    @AfterAll
    static void stop() {
        if (chromium != null) {
            chromium.close();
        }
        if (resolver != null) {
            resolver.close();
        }
        if (dns != null) {
            dns.close();
        }
    }

    /** Observes and judges the domain over loopback and records the run as a scan would. */
    private long scanned(TeamRef team) {
        Instant created = Instant.now().minus(Duration.ofDays(1));
        long id = jdbc.queryForObject(
                "insert into domain (a_label, u_label, team_id, created_at, created_by, updated_at, discovery_status)"
                        + " values (?, ?, ?, ?, 'test', ?, 'MX_FOUND') returning id",
                Long.class,
                domain,
                domain,
                team.id(),
                Timestamp.from(created),
                Timestamp.from(created));
        try (CheckRunner runner = new CheckRunner(CheckRegistry.dnsChecks(), resolver, 8)) {
            CheckOptions options = CheckOptions.defaults()
                    .withCheckTimeout(Duration.ofSeconds(15))
                    .withDkimSelectors(List.of("sel", "s2024"));
            DomainObservation observed = runner.observe(domain, options);
            DomainReport report = runner.judge(observed);
            long run = results.startRun(id, ScanTrigger.MANUAL, observed.observedAt(), "outage-test");
            results.record(new RunRecord(run, id, domain, report.results(), observed, Rules.VERSION));
        }
        return id;
    }

    private void login(UserView user) {
        browser.get("http://127.0.0.1:" + port + "/login");
        waiting().until(ExpectedConditions.presenceOfElementLocated(By.name("username")));
        browser.findElement(By.name("username")).sendKeys(user.username());
        browser.findElement(By.name("password")).sendKeys(AccountsTestSupport.PASSWORD);
        browser.findElement(By.cssSelector("form button[type=submit]")).click();
        waiting().until(ExpectedConditions.not(ExpectedConditions.urlContains("/login")));
    }

    private WebDriverWait waiting() {
        return new WebDriverWait(browser, Duration.ofSeconds(30));
    }

    private static int count(String text, String part) {
        Matcher m = Pattern.compile(Pattern.quote(part)).matcher(text);
        int n = 0;
        while (m.find()) {
            n++;
        }
        return n;
    }

    private void screenshot(String name) throws IOException {
        File shot = ((TakesScreenshot) browser).getScreenshotAs(OutputType.FILE);
        Files.copy(shot.toPath(), SCREENSHOTS.resolve(name + ".png"), StandardCopyOption.REPLACE_EXISTING);
    }

    /** The page at {@code path}, with its outage headline and results section loaded, as text. */
    private String page(String path, int width, String shot) throws IOException {
        browser.manage().window().setSize(new Dimension(width, 1000));
        browser.get("http://127.0.0.1:" + port + path);
        waiting().until(ExpectedConditions.presenceOfElementLocated(By.id("dnssec-outage")));
        waiting().until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("#scan-results .result-list")));
        String headline = browser.findElement(By.id("dnssec-outage")).getText();
        assertThat(headline)
                .as(path + " at " + width + " px")
                .contains("Mail to " + domain + " is not delivered")
                .contains("No DS record at the parent matches a DNSKEY of " + domain + ".")
                .contains("Fix: publish at the parent");
        // the headline comes before everything else the page says about the domain's results
        Object above = ((org.openqa.selenium.JavascriptExecutor) browser)
                .executeScript("return document.getElementById('dnssec-outage').compareDocumentPosition("
                        + "document.getElementById('scan-results')) & Node.DOCUMENT_POSITION_FOLLOWING;");
        assertThat(((Number) above).intValue()).isNotZero();
        screenshot(shot + "-" + width);
        Object wide = ((org.openqa.selenium.JavascriptExecutor) browser)
                .executeScript("const o = document.getElementById('dnssec-outage').getBoundingClientRect();"
                        + " return o.right > document.documentElement.clientWidth;");
        assertThat(wide).as("the headline fits " + width + " px").isEqualTo(false);
        if (!path.endsWith("/dashboard")) {
            // the domain page as a whole fits too (the dashboard's score grid is another matter)
            Object overflow = ((org.openqa.selenium.JavascriptExecutor) browser)
                    .executeScript(
                            "return document.documentElement.scrollWidth > document.documentElement.clientWidth;");
            assertThat(overflow).as(path + " overflows at " + width + " px").isEqualTo(false);
        }
        return browser.findElement(By.tagName("main")).getText();
    }

    @Test
    void theDomainPageTheDashboardAndTheReportSayTheOutageOnceAtTheTop() throws Exception {
        TeamRef team = accounts.team("Outage team");
        UserView operator = accounts.user("outage-operator", Role.OPERATOR, team);
        long id = scanned(team);
        login(operator);

        for (int width : List.of(1440, 390)) {
            for (String path : List.of("/domains/" + id, "/domains/" + id + "/dashboard")) {
                String text = page(path, width, "outage" + path.replace('/', '-'));
                assertThat(count(text, "is not delivered: its DNSSEC chain is broken"))
                        .as(path)
                        .isEqualTo(1);
                // the cause: in the headline, and as the dnssec finding's message where findings are listed
                assertThat(count(text, "No DS record at the parent matches")).isGreaterThanOrEqualTo(2);
                assertThat(text).contains("Blocked by the DNSSEC failure").doesNotContain("EDE ");
            }
        }
        // the results section: blocked checks are badged so, and DKIM is one result, not one per selector
        List<String> dkim =
                browser.findElements(By.cssSelector("#scan-results details.result[data-check=dkim]")).stream()
                        .map(e -> e.getAttribute("data-check"))
                        .toList();
        assertThat(dkim).hasSize(1);
        assertThat(browser.findElements(By.cssSelector("#scan-results details.result[data-check=spf] .status-BLOCKED")))
                .isNotEmpty();

        String location = mvc.perform(post("/reports")
                        .with(user(accounts.principal(operator.username())))
                        .with(csrf())
                        .param("format", "PDF")
                        .param("scope", "team")
                        .param("teamId", String.valueOf(team.id())))
                .andReturn()
                .getResponse()
                .getRedirectedUrl();
        assertThat(location).matches("/reports/\\d+");
        byte[] pdf = mvc.perform(get(location + "/download").with(user(accounts.principal(operator.username()))))
                .andReturn()
                .getResponse()
                .getContentAsByteArray();
        Files.write(SCREENSHOTS.resolve("outage-report.pdf"), pdf);
        String text;
        try (PDDocument doc = Loader.loadPDF(pdf)) {
            text = new PDFTextStripper().getText(doc).replaceAll("\\s+", " ");
        }
        assertThat(count(text, "is not delivered: its DNSSEC chain is broken")).isEqualTo(1);
        // the executive summary's worst-first list leads with the cause; the checks it blocked are no items of
        // their own there
        String summary = text.substring(0, text.indexOf("Problems per domain"));
        assertThat(summary).contains("DNSSEC_BOGUS").doesNotContain("DNSSEC_BLOCKED");
        // the domain's section: the headline first, then its blocked results
        String section = text.substring(text.indexOf("Problems per domain"));
        assertThat(section.indexOf("is not delivered: its DNSSEC chain is broken"))
                .isGreaterThanOrEqualTo(0)
                .isLessThan(section.indexOf("Blocked by the DNSSEC failure:"));
    }
}
