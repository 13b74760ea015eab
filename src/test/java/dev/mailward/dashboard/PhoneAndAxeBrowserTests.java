package dev.mailward.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mailward.accounts.AccountsTestSupport;
import dev.mailward.accounts.Role;
import dev.mailward.accounts.TeamRef;
import dev.mailward.accounts.UserView;
import dev.mailward.checks.Mitigation;
import dev.mailward.checks.Status;
import dev.mailward.testbrowser.Axe;
import dev.mailward.testbrowser.HeadlessChromium;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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
 * Issue 18's "phone and keyboard": every page of the navigation and the main detail pages, seen by an
 * admin in headless Chromium, at 1440 px and on a 390 px phone. On the phone no page scrolls sideways
 * and the navigation is folded behind a menu button that opens it; at both widths axe-core reports no
 * violation, and every cell of the portfolio matrix is a link with an accessible name. Screenshots under
 * {@code target/screenshots/phone-*.png}. Skips without Chromium, chromedriver or axe-core
 * ({@code npm ci} in {@code frontend/}).
 */
class PhoneAndAxeBrowserTests extends DashboardTestSupport {

    private static final Path SCREENSHOTS = Path.of("target/screenshots");
    private static final int DESKTOP = 1440;
    private static final int PHONE = 390;
    private static final Mitigation[] MEASURED = {
        Mitigation.SPF_DKIM,
        Mitigation.LAYERED_AUTH,
        Mitigation.TLS,
        Mitigation.DNSSEC_DANE,
        Mitigation.REPUTATION,
        Mitigation.NO_OPEN_RELAY,
        Mitigation.MAINTAINED_MTA,
        Mitigation.SASL_SUBMISSION,
        Mitigation.MAILBOX_ACCESS
    };
    private static final Status[] CYCLE = {
        Status.PASS, Status.WARN, Status.FAIL, Status.PASS, Status.ERROR, Status.NOT_APPLICABLE, Status.PASS
    };

    private static HeadlessChromium chromium;
    private static WebDriver browser;
    private static Axe axe;

    @LocalServerPort
    int port;

    @BeforeAll
    static void startBrowser() throws IOException {
        axe = Axe.load();
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
    void everyPageFitsAPhoneAndPassesAxeAtBothWidths() throws IOException {
        TeamRef team = accounts.team("phone");
        UserView admin = accounts.user("phone-admin", Role.ADMIN, team);
        DashboardSeed seed = seed();
        List<Long> ids = new ArrayList<>();
        List<String> names = new ArrayList<>();
        String sharedMx = "mx-shared." + unique("a-long-mail-exchanger-host-name-of-the-provider") + ":25";
        for (int i = 0; i < 6; i++) {
            // a long label: the kind of name that widens tables on a phone
            String name = String.format("d%02d-", i) + unique("very-long-subdomain-label-of-a-mail-domain");
            long id = seed.domain(name, team.id(), List.of(i % 2 == 0 ? "production" : "staging-eu-west"));
            Map<Mitigation, Status> statuses = new EnumMap<>(Mitigation.class);
            for (int m = 0; m < MEASURED.length; m++) {
                statuses.put(MEASURED[m], CYCLE[(i + m) % CYCLE.length]);
            }
            seed.results(id, name, statuses, 4, 3 + i * 20);
            // one MX host's expired certificate behind every domain: one "fix this first" item, "affects 6 domains"
            seed.finding(
                    id,
                    "certificate",
                    sharedMx,
                    "CERT_EXPIRED",
                    Status.FAIL,
                    Mitigation.TLS,
                    "The certificate expired: senders that check it refuse to deliver");
            refresher.refresh(id);
            ids.add(id);
            names.add(name);
        }
        long server = jdbc.queryForObject(
                "insert into mail_server (hostname, team_id, discovered, created_at, updated_at) "
                        + "values (?, ?, true, now(), now()) returning id",
                Long.class,
                "mx1." + names.getFirst(),
                team.id());
        jdbc.update(
                "insert into mail_server_address (server_id, address, family) values (?, '2001:db8::25', 'IPV6')",
                server);
        jdbc.update(
                "insert into mail_server_endpoint (server_id, role, port, source) values (?, 'MX', 25, 'DISCOVERED')",
                server);
        jdbc.update(
                "insert into domain_mail_server (domain_id, server_id, role, preference) values (?, ?, 'MX', 10)",
                ids.getFirst(),
                server);
        long scan = jdbc.queryForObject(
                "insert into scan_run (label, requested_by, requested_at, total) values (?, ?, now(), ?) returning id",
                Long.class,
                "Tag production-and-staging-eu-west-all-domains",
                admin.username(),
                ids.size());
        for (long id : ids) {
            // what each domain's scan found: the scan's page and the scans list link the counts
            jdbc.update(
                    "insert into scan_run_item (scan_run_id, domain_id, state, updated_at, worse, better, errors) "
                            + "values (?, ?, 'DONE', now(), ?, ?, ?)",
                    scan,
                    id,
                    (int) (id % 2),
                    (int) ((id + 1) % 2),
                    (int) (id % 3 == 0 ? 2 : 0));
        }

        // accepted findings of the first domain: one of its warning on every target (expiring in 10 days), one of
        // its failure on this target only; the domain's results and the exceptions page show "Accepted" badges
        jdbc.update(
                "insert into finding_exception (domain_id, check_id, target, finding_code, reason, expires_on, "
                        + "created_by, created_at, scope) values (?, 't-layered-auth', ?, 'TEST_LAYERED_AUTH_WARN', "
                        + "'DMARC reports go to the provider until the migration of the very-long-subdomain-label', "
                        + "current_date + 10, ?, now(), 'DOMAIN')",
                ids.getFirst(),
                names.getFirst(),
                admin.username());
        jdbc.update(
                "insert into finding_exception (domain_id, check_id, target, finding_code, reason, expires_on, "
                        + "created_by, created_at, scope) values (?, 't-tls', ?, 'TEST_TLS_FAIL', 'legacy relay', "
                        + "current_date + 90, ?, now(), 'TARGET')",
                ids.getFirst(),
                names.getFirst(),
                admin.username());
        refresher.refresh(ids.getFirst());

        Map<String, String> pages = new LinkedHashMap<>();
        pages.put("dashboard", "/dashboard");
        pages.put("domains", "/domains");
        pages.put("domain", "/domains/" + ids.getFirst());
        pages.put("domain-dashboard", "/domains/" + ids.getFirst() + "/dashboard");
        pages.put("domain-results", "/domains/" + ids.getFirst() + "/results");
        pages.put("domain-problems", "/domains/" + ids.getFirst() + "?problems=only");
        pages.put("fix-first", "/fix-first");
        pages.put("servers", "/servers");
        pages.put("notifications", "/notifications");
        pages.put("report-intake", "/report-intake");
        pages.put("second-factor", "/account/second-factor");
        pages.put("server", "/servers/" + server);
        pages.put("scans", "/scans");
        pages.put("scan", "/scans/" + scan);
        pages.put("changes", "/changes");
        pages.put("changes-of-scan", "/changes?scan=" + scan + "&trend=worse");
        pages.put("exceptions", "/exceptions");
        pages.put("exceptions-expiring", "/exceptions?state=EXPIRING&domain=" + names.getFirst());
        pages.put("certificates", "/certificates");
        pages.put("mitigation", "/mitigations/spf-dkim");
        pages.put("mitigation-tls", "/mitigations/tls");
        pages.put("guides", "/mitigations");
        pages.put("guide-spf", "/mitigations/spf-dkim/guide");
        pages.put("guide-tls", "/mitigations/tls/guide");
        pages.put("guide-spf-domain", "/mitigations/spf-dkim/guide?domain=" + names.getFirst());
        pages.put("reports", "/reports");
        pages.put("audit", "/audit");
        pages.put("account", "/account");
        pages.put("admin-users", "/admin/users");
        pages.put("admin-sign-in", "/admin/sign-in");
        pages.put("passkeys", "/account/passkeys");

        browser.manage().window().setSize(new Dimension(DESKTOP, 900));
        List<String> problems = new ArrayList<>();
        browser.get(url("/login"));
        browser.manage().deleteAllCookies();
        for (int width : new int[] {DESKTOP, PHONE}) {
            browser.manage().window().setSize(new Dimension(width, width == PHONE ? 844 : 900));
            browser.get(url("/login"));
            check("login", width, problems);
        }
        browser.manage().window().setSize(new Dimension(DESKTOP, 900));
        signIn(admin);

        for (int width : new int[] {DESKTOP, PHONE}) {
            browser.manage().window().setSize(new Dimension(width, width == PHONE ? 844 : 900));
            for (var page : pages.entrySet()) {
                browser.get(url(page.getValue()));
                waiting().until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("footer.footer")));
                if (page.getKey().equals("domain") || page.getKey().equals("domain-problems")) {
                    // the "fix this first" list and the results come as htmx fragments
                    waiting()
                            .until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("#fix-first .fix-item")));
                    waiting().until(ExpectedConditions.presenceOfElementLocated(By.id("results-summary")));
                }
                check(page.getKey(), width, problems);
            }
        }
        assertThat(problems)
                .as("pages that scroll sideways at 390 px or have axe-core violations")
                .isEmpty();

        // the pages axe saw carried the "Accepted" badge
        for (String page : List.of("/exceptions", "/domains/" + ids.getFirst() + "/results")) {
            browser.get(url(page));
            waiting().until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("footer.footer")));
            assertThat(browser.findElements(By.cssSelector(".status-ACCEPTED")).stream()
                            .anyMatch(WebElement::isDisplayed))
                    .as("a visible Accepted badge on " + page)
                    .isTrue();
        }
    }

    @Test
    void onAPhoneTheNavigationIsAMenuButton() throws IOException {
        TeamRef team = accounts.team("phone-nav");
        UserView auditor = accounts.user("phone-auditor", Role.AUDITOR, team);
        DashboardSeed seed = seed();
        String name = unique("nav");
        long id = seed.domain(name, team.id(), List.of());
        Map<Mitigation, Status> statuses = new EnumMap<>(Mitigation.class);
        statuses.put(Mitigation.SPF_DKIM, Status.FAIL);
        statuses.put(Mitigation.TLS, Status.PASS);
        seed.results(id, name, statuses, 1, 60);
        refresher.refresh(id);

        browser.manage().window().setSize(new Dimension(PHONE, 844));
        signIn(auditor);
        browser.get(url("/dashboard?q=" + name));
        WebElement toggle = waiting().until(ExpectedConditions.elementToBeClickable(By.cssSelector(".nav-toggle")));
        WebElement domains = browser.findElement(By.cssSelector(".mainnav a[href='/domains']"));
        assertThat(domains.isDisplayed())
                .as("the sections are folded on a phone")
                .isFalse();
        assertThat(toggle.getAccessibleName()).isNotBlank();
        assertThat(toggle.getAttribute("aria-expanded")).isEqualTo("false");
        toggle.sendKeys(Keys.ENTER);
        waiting().until(ExpectedConditions.visibilityOf(domains));
        assertThat(toggle.getAttribute("aria-expanded")).isEqualTo("true");
        screenshot("nav-open-390", PHONE);
        // Escape closes the menu from inside it and gives the focus back to the button
        domains.sendKeys(Keys.ESCAPE);
        waiting().until(ExpectedConditions.invisibilityOf(domains));
        assertThat(browser.switchTo().activeElement()).isEqualTo(toggle);
        toggle.click();
        waiting().until(ExpectedConditions.visibilityOf(domains));
        toggle.click();
        waiting().until(ExpectedConditions.invisibilityOf(domains));

        browser.manage().window().setSize(new Dimension(DESKTOP, 900));
        browser.get(url("/dashboard?q=" + name));
        assertThat(browser.findElement(By.cssSelector(".mainnav a[href='/domains']"))
                        .isDisplayed())
                .as("on a desktop the sections show without the button")
                .isTrue();
        assertThat(browser.findElements(By.cssSelector(".nav-toggle")).stream().noneMatch(WebElement::isDisplayed))
                .isTrue();
    }

    @Test
    void everyMatrixCellIsALinkWithAnAccessibleName() {
        TeamRef team = accounts.team("phone-matrix");
        UserView auditor = accounts.user("matrix-auditor", Role.AUDITOR, team);
        DashboardSeed seed = seed();
        String name = unique("matrix");
        long id = seed.domain(name, team.id(), List.of());
        Map<Mitigation, Status> statuses = new EnumMap<>(Mitigation.class);
        statuses.put(Mitigation.SPF_DKIM, Status.FAIL);
        statuses.put(Mitigation.TLS, Status.WARN);
        seed.results(id, name, statuses, 1, 60);
        refresher.refresh(id);

        browser.manage().window().setSize(new Dimension(DESKTOP, 900));
        signIn(auditor);
        browser.get(url("/dashboard?q=" + name));
        List<WebElement> cells = waiting()
                .until(ExpectedConditions.presenceOfAllElementsLocatedBy(By.cssSelector("#matrix tbody td .cell")));
        assertThat(cells).isNotEmpty();
        for (WebElement cell : cells) {
            List<WebElement> link =
                    cell.getTagName().equals("a") ? List.of(cell) : cell.findElements(By.xpath("ancestor::a"));
            assertThat(link)
                    .as("a matrix cell is a link the keyboard reaches: " + cell.getAttribute("outerHTML"))
                    .hasSize(1);
            assertThat(link.getFirst().getAttribute("href")).isNotBlank();
            assertThat(link.getFirst().getAccessibleName())
                    .as("a matrix cell's link names what it shows")
                    .isNotBlank();
        }
    }

    /** Adds what is wrong with the page the browser shows at {@code width} to {@code problems}. */
    private void check(String name, int width, List<String> problems) throws IOException {
        String title = browser.getTitle();
        if (title.contains("Not found") || title.contains("Error")) {
            problems.add(name + " @" + width + ": the page did not render (" + title + ")");
            return;
        }
        if (width == PHONE) {
            Number scroll = (Number) js().executeScript("return document.documentElement.scrollWidth");
            Number inner = (Number) js().executeScript("return window.innerWidth");
            if (scroll.intValue() > inner.intValue()) {
                problems.add(name + " @" + width + ": scrolls sideways (scrollWidth " + scroll + " > innerWidth "
                        + inner + ") because of " + widest());
                Files.writeString(
                        SCREENSHOTS.resolve("phone-" + name + "-" + width + ".html"), browser.getPageSource());
            }
        }
        for (String v : axe.violations(browser)) {
            problems.add(name + " @" + width + ": " + v);
        }
        screenshot(name + "-" + width, width);
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

    /** The outermost elements that reach past the window and are not inside a box that scrolls. */
    private String widest() {
        return String.valueOf(js().executeScript("""
                var w = window.innerWidth, out = [];
                function clipped(e) {
                  for (var p = e.parentElement; p && p !== document.body; p = p.parentElement) {
                    if (getComputedStyle(p).overflowX !== 'visible') { return true; }
                  }
                  return false;
                }
                function describe(e) {
                  return e.tagName.toLowerCase() + (e.id ? '#' + e.id : '')
                      + (typeof e.className === 'string' && e.className.trim() ? '.' + e.className.trim().replace(/\\s+/g, '.') : '');
                }
                document.querySelectorAll('body *').forEach(function (e) {
                  var free = !clipped(e) || ['absolute', 'fixed'].indexOf(getComputedStyle(e).position) >= 0;
                  if (out.length < 4 && e.getBoundingClientRect().right > w + 1 && free
                      && !(e.parentElement && e.parentElement.getBoundingClientRect().right > w + 1 && !clipped(e.parentElement))) {
                    out.push((e.parentElement ? describe(e.parentElement) + ' > ' : '') + describe(e)
                        + ' (right ' + Math.round(e.getBoundingClientRect().right) + ')');
                  }
                });
                return out.join(', ');
                """));
    }

    private JavascriptExecutor js() {
        return (JavascriptExecutor) browser;
    }

    private String url(String path) {
        return "http://127.0.0.1:" + port + path;
    }

    private WebDriverWait waiting() {
        return new WebDriverWait(browser, Duration.ofSeconds(10));
    }

    private void screenshot(String name, int width) throws IOException {
        Dimension before = browser.manage().window().getSize();
        Number height = (Number) js().executeScript("return Math.min(6000, document.documentElement.scrollHeight)");
        browser.manage().window().setSize(new Dimension(width, Math.max(before.getHeight(), height.intValue())));
        File shot = ((TakesScreenshot) browser).getScreenshotAs(OutputType.FILE);
        Files.copy(shot.toPath(), SCREENSHOTS.resolve("phone-" + name + ".png"), StandardCopyOption.REPLACE_EXISTING);
        browser.manage().window().setSize(before);
    }
}
