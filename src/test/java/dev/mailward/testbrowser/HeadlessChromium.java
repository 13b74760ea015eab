package dev.mailward.testbrowser;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.springframework.util.FileSystemUtils;

/**
 * Debian's headless Chromium driven through chromedriver, for the browser tests. Skips the test
 * class (JUnit assumption) where {@code /usr/bin/chromium} or {@code /usr/bin/chromedriver} is
 * missing. Uses a fresh profile and no background networking (the machine has no internet). The
 * browser's console messages are kept for {@code driver().manage().logs().get("browser")}.
 */
public final class HeadlessChromium implements AutoCloseable {

    public static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    public static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");

    private final WebDriver driver;
    private final Path profile;

    private HeadlessChromium(WebDriver driver, Path profile) {
        this.driver = driver;
        this.profile = profile;
    }

    /** Starts a browser with a window of {@code width} × {@code height}, or skips the caller. */
    public static HeadlessChromium start(int width, int height) throws IOException {
        Assumptions.assumeTrue(Files.isExecutable(CHROMIUM), "Chromium not found at " + CHROMIUM);
        Assumptions.assumeTrue(Files.isExecutable(CHROMEDRIVER), "chromedriver not found at " + CHROMEDRIVER);
        Path profile = Files.createTempDirectory("mailward-chromium");
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments(
                "--headless=new",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-dev-shm-usage",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--no-first-run",
                "--window-size=" + width + "," + height,
                "--user-data-dir=" + profile);
        // the console's messages (CSP violations among them) for driver().manage().logs().get("browser")
        options.setCapability("goog:loggingPrefs", Map.of("browser", "ALL"));
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(CHROMEDRIVER.toFile())
                .usingAnyFreePort()
                .build();
        WebDriver driver = new ChromeDriver(service, options);
        driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(20));
        Files.createDirectories(Path.of("target/screenshots"));
        return new HeadlessChromium(driver, profile);
    }

    public WebDriver driver() {
        return driver;
    }

    @Override
    public void close() {
        driver.quit();
        FileSystemUtils.deleteRecursively(profile.toFile());
    }
}
