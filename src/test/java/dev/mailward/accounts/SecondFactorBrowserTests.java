package dev.mailward.accounts;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.zxing.BinaryBitmap;
import com.google.zxing.RGBLuminanceSource;
import com.google.zxing.Result;
import com.google.zxing.common.HybridBinarizer;
import com.google.zxing.qrcode.QRCodeReader;
import dev.mailward.MailwardIntegrationTest;
import dev.mailward.testbrowser.Axe;
import dev.mailward.testbrowser.HeadlessChromium;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import javax.imageio.ImageIO;
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
 * The second factor in headless Chromium, as a user meets it: enrolment from the account page (the key read
 * off the page, the QR code decoded from the screenshot and carrying that key, a code computed from it
 * confirms, the recovery codes shown once), then sign-in with the password and the second step: a right code
 * signs in, a wrong one is refused with a message, a recovery code works once and is refused the second time.
 * The enrolment and second-step pages at 1440 and 390 px fit without sideways scrolling; screenshots
 * {@code target/screenshots/second-factor-*.png}.
 */
@MailwardIntegrationTest
class SecondFactorBrowserTests {

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
    void enrolSignInWithACodeAndWithARecoveryCodeOnce() throws Exception {
        UserView user = accounts.user("totp-browser", Role.OPERATOR);
        desktop();
        signInWithPassword(user);
        waiting().until(ExpectedConditions.not(ExpectedConditions.urlContains("/login")));

        // enrolment, from the account page
        browser.get(url("/account"));
        browser.findElement(By.id("second-factor-link")).click();
        waiting()
                .until(ExpectedConditions.elementToBeClickable(By.id("start-enrolment")))
                .click();
        WebElement qr = waiting().until(ExpectedConditions.visibilityOfElementLocated(By.id("totp-qr")));
        String secret = browser.findElement(By.id("totp-secret")).getText().replace(" ", "");
        assertThat(secret).matches("[A-Z2-7]{32}");
        waitForImage(qr);
        screenshot("second-factor-enrol-1440");
        assertFits("enrolment page at 1440 px");
        assertThat(decodeQr(qr)).as("the QR code carries the key").contains("secret=" + secret);
        assertThat(browser.findElement(By.id("totp-uri")).getAttribute("href"))
                .as("a phone opens the key in its app")
                .startsWith("otpauth://totp/")
                .contains("secret=" + secret);
        accessible();

        phone();
        browser.get(url("/account/second-factor"));
        qr = waiting().until(ExpectedConditions.visibilityOfElementLocated(By.id("totp-qr")));
        waitForImage(qr);
        screenshot("second-factor-enrol-390");
        assertFits("enrolment page at 390 px");
        assertThat(browser.findElement(By.id("totp-secret")).getText().replace(" ", ""))
                .as("the same key after a reload")
                .isEqualTo(secret);
        assertThat(decodeQr(qr)).as("the QR code on a phone").contains("secret=" + secret);

        desktop();
        browser.get(url("/account/second-factor"));
        browser.findElement(By.id("code")).sendKeys(codeAt(secret, Instant.now()));
        browser.findElement(By.id("confirm-enrolment")).click();
        List<WebElement> shown =
                waiting().until(ExpectedConditions.numberOfElementsToBe(By.cssSelector("#recovery-codes li code"), 10));
        List<String> recovery = shown.stream().map(WebElement::getText).toList();
        assertThat(recovery).doesNotHaveDuplicates().allMatch(c -> c.matches("[a-z2-9]{5}-[a-z2-9]{5}"));
        assertThat(browser.findElement(By.id("second-factor-enrolled")).getText())
                .contains("10");
        screenshot("second-factor-recovery-1440");
        assertFits("recovery codes at 1440 px");
        // shown once: not on the next visit
        browser.get(url("/account/second-factor"));
        assertThat(browser.findElements(By.id("recovery-codes"))).isEmpty();
        signOut();

        // password, then the second step: a code of the next step (the enrolment's was used) signs in
        signInWithPassword(user);
        waiting().until(ExpectedConditions.urlContains("/login/second-factor"));
        screenshot("second-factor-step-1440");
        assertFits("second step at 1440 px");
        accessible();
        phone();
        browser.navigate().refresh();
        waiting().until(ExpectedConditions.visibilityOfElementLocated(By.id("code")));
        screenshot("second-factor-step-390");
        assertFits("second step at 390 px");
        desktop();
        secondStep(codeAt(secret, Instant.now().plusSeconds(Totp.STEP_SECONDS)));
        waiting().until(ExpectedConditions.not(ExpectedConditions.urlContains("/login")));
        assertThat(browser.findElement(By.cssSelector(".usermenu .username")).getText())
                .contains(user.username());
        signOut();

        // a wrong code is refused, with a message; the session is not signed in
        signInWithPassword(user);
        waiting().until(ExpectedConditions.urlContains("/login/second-factor"));
        secondStep("000000".equals(codeAt(secret, Instant.now())) ? "111111" : "000000");
        WebElement error = waiting().until(ExpectedConditions.visibilityOfElementLocated(By.id("second-step-error")));
        assertThat(error.getText()).isEqualTo("That code is not right, or was used already.");
        assertThat(browser.findElements(By.cssSelector(".usermenu"))).isEmpty();

        // a recovery code signs in once
        secondStep(recovery.get(2));
        waiting().until(ExpectedConditions.not(ExpectedConditions.urlContains("/login")));
        assertThat(browser.findElement(By.cssSelector(".usermenu .username")).getText())
                .contains(user.username());
        signOut();

        // ... and not twice
        signInWithPassword(user);
        waiting().until(ExpectedConditions.urlContains("/login/second-factor"));
        secondStep(recovery.get(2));
        error = waiting().until(ExpectedConditions.visibilityOfElementLocated(By.id("second-step-error")));
        assertThat(error.getText()).isEqualTo("That code is not right, or was used already.");
        browser.get(url("/account"));
        assertThat(browser.getCurrentUrl()).contains("/login");
    }

    private static String codeAt(String secret, Instant at) {
        return Totp.format(Totp.code(Totp.fromBase32(secret), Math.floorDiv(at.getEpochSecond(), Totp.STEP_SECONDS)));
    }

    private void signInWithPassword(UserView user) {
        browser.get(url("/login"));
        browser.findElement(By.name("username")).sendKeys(user.username());
        browser.findElement(By.name("password")).sendKeys(AccountsTestSupport.PASSWORD);
        browser.findElement(By.cssSelector("form button[type=submit]")).click();
    }

    private void secondStep(String code) {
        WebElement field = waiting().until(ExpectedConditions.visibilityOfElementLocated(By.id("code")));
        field.clear();
        field.sendKeys(code);
        browser.findElement(By.cssSelector("main form button[type=submit]")).click();
    }

    private void signOut() {
        browser.findElement(By.cssSelector(".usermenu form button[type=submit]"))
                .click();
        waiting().until(ExpectedConditions.urlContains("/login"));
    }

    private static void desktop() {
        browser.manage().window().setSize(new Dimension(1440, 900));
    }

    private static void phone() {
        browser.manage().window().setSize(new Dimension(390, 844));
    }

    private void waitForImage(WebElement img) {
        waiting()
                .until(b -> Boolean.TRUE.equals(((JavascriptExecutor) b)
                        .executeScript("return arguments[0].complete && arguments[0].naturalWidth > 0;", img)));
    }

    /** The QR code as the screen shows it, decoded: large enough to scan, and what it says. */
    private String decodeQr(WebElement qr) throws Exception {
        ((JavascriptExecutor) browser).executeScript("arguments[0].scrollIntoView({block: 'center'});", qr);
        Rectangle r = qr.getRect();
        assertThat(Math.min(r.getWidth(), r.getHeight()))
                .as("the QR code is shown at a size a phone scans")
                .isGreaterThanOrEqualTo(160);
        Object viewportTop = ((JavascriptExecutor) browser).executeScript("return window.scrollY;");
        Object ratio = ((JavascriptExecutor) browser).executeScript("return window.devicePixelRatio;");
        double dpr = ((Number) ratio).doubleValue();
        int top = (int) Math.round((r.getY() - ((Number) viewportTop).doubleValue()) * dpr);
        BufferedImage screen =
                ImageIO.read(new ByteArrayInputStream(((TakesScreenshot) browser).getScreenshotAs(OutputType.BYTES)));
        BufferedImage crop =
                screen.getSubimage((int) Math.round(r.getX() * dpr), top, (int) Math.round(r.getWidth() * dpr), (int)
                        Math.round(r.getHeight() * dpr));
        int[] pixels = crop.getRGB(0, 0, crop.getWidth(), crop.getHeight(), null, 0, crop.getWidth());
        Result result = new QRCodeReader()
                .decode(new BinaryBitmap(
                        new HybridBinarizer(new RGBLuminanceSource(crop.getWidth(), crop.getHeight(), pixels))));
        return result.getText();
    }

    private void assertFits(String what) {
        Object fits = ((JavascriptExecutor) browser)
                .executeScript("const e = document.documentElement; return e.scrollWidth <= e.clientWidth + 1;");
        assertThat(fits).as(what + ": no sideways scrolling").isEqualTo(Boolean.TRUE);
    }

    /** axe-core's verdict where it is installed (the page's checks above run either way). */
    private static void accessible() throws IOException {
        if (Files.isReadable(Path.of(System.getProperty("mailward.axe", Axe.DEFAULT.toString())))) {
            assertThat(Axe.load().violations(browser)).isEmpty();
        }
    }

    private WebDriverWait waiting() {
        return new WebDriverWait(browser, Duration.ofSeconds(20));
    }

    private String url(String path) {
        return "http://localhost:" + port + path;
    }

    private static void screenshot(String name) throws IOException {
        Path shot = ((TakesScreenshot) browser).getScreenshotAs(OutputType.FILE).toPath();
        Files.copy(
                shot, Path.of("target/screenshots", name + ".png"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    }
}
