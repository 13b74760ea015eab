package dev.mailward.testbrowser;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;

/**
 * axe-core (the npm package under {@code frontend/node_modules}, installed by {@code npm ci} in
 * {@code frontend}; {@code .ci/run} does it where npm exists) run in the page a browser test shows. The
 * script is injected through WebDriver, not served by the application, so the Content-Security-Policy is
 * not loosened for it. Skips the caller (JUnit assumption) where the file is absent. The system property
 * {@code mailward.axe} names another copy of {@code axe.min.js}.
 */
public final class Axe {

    public static final Path DEFAULT = Path.of("frontend/node_modules/axe-core/axe.min.js");

    private final String source;

    private Axe(String source) {
        this.source = source;
    }

    /** Reads axe-core, or skips the caller with a message that says how to get it. */
    public static Axe load() throws IOException {
        Path path = Path.of(System.getProperty("mailward.axe", DEFAULT.toString()));
        Assumptions.assumeTrue(
                Files.isRegularFile(path),
                "axe-core not found at " + path.toAbsolutePath()
                        + ": run `npm ci` in frontend/ (or set -Dmailward.axe=/path/to/axe.min.js)");
        return new Axe(Files.readString(path, StandardCharsets.UTF_8));
    }

    /**
     * The violations axe-core reports on the page {@code browser} shows (WCAG 2.x A/AA rules and axe's
     * best practices), one line each: rule, impact, help and the first offending nodes with their
     * failure summary. Empty when the page passes.
     */
    @SuppressWarnings("unchecked")
    public List<String> violations(WebDriver browser) {
        JavascriptExecutor js = (JavascriptExecutor) browser;
        if (!Boolean.TRUE.equals(js.executeScript("return typeof window.axe !== 'undefined'"))) {
            js.executeScript(source);
        }
        Object answer = js.executeAsyncScript("""
                var done = arguments[arguments.length - 1];
                axe.run(document, {resultTypes: ['violations']}).then(function (r) {
                  done(r.violations.map(function (v) {
                    return {id: v.id, impact: v.impact, help: v.help,
                      nodes: v.nodes.slice(0, 4).map(function (n) {
                        return n.target.join(' ') + ' :: ' + (n.failureSummary || '').replace(/\\s+/g, ' ');
                      }), count: v.nodes.length};
                  }));
                }, function (e) { done([{id: 'axe-error', impact: 'critical', help: String(e), nodes: [], count: 0}]); });
                """);
        return ((List<Map<String, Object>>) answer)
                .stream()
                        .map(v -> v.get("id") + " (" + v.get("impact") + ", " + v.get("count") + " nodes): "
                                + v.get("help") + " " + v.get("nodes"))
                        .toList();
    }
}
