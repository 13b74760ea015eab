package dev.mailward.accounts;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A {@code User-Agent} shortened to what its owner recognises in their list of sessions: the browser with its
 * major version and the system ("Firefox 133 on Linux"). Not a detection of anything: the header is whatever
 * the client sent, and an unknown one is kept, cut to 60 characters.
 */
final class BrowserNames {

    private static final int LONGEST = 60;

    /** Browsers, most specific first (Edge and Opera also say Chrome, Chrome also says Safari). */
    private static final List<Known> BROWSERS = List.of(
            new Known("Edge", Pattern.compile("Edg(?:e|A|iOS)?/(\\d+)")),
            new Known("Opera", Pattern.compile("OPR/(\\d+)")),
            new Known("Firefox", Pattern.compile("(?:Firefox|FxiOS)/(\\d+)")),
            new Known("Chrome", Pattern.compile("(?:HeadlessChrome|Chrome|CriOS)/(\\d+)")),
            new Known("Safari", Pattern.compile("Version/(\\d+)[^ ]* (?:Mobile/\\S+ )?Safari/")),
            new Known("curl", Pattern.compile("^curl/(\\d+)")));

    private static final List<Known> SYSTEMS = List.of(
            new Known("Android", Pattern.compile("Android")),
            new Known("iOS", Pattern.compile("iPhone|iPad")),
            new Known("Windows", Pattern.compile("Windows")),
            new Known("macOS", Pattern.compile("Mac OS X|Macintosh")),
            new Known("ChromeOS", Pattern.compile("CrOS")),
            new Known("Linux", Pattern.compile("Linux|X11")));

    private BrowserNames() {}

    static String shorten(String userAgent) {
        if (userAgent == null || userAgent.isBlank()) {
            return "";
        }
        String browser = null;
        for (Known k : BROWSERS) {
            Matcher m = k.pattern().matcher(userAgent);
            if (m.find()) {
                browser = k.name() + " " + m.group(1);
                break;
            }
        }
        String system = SYSTEMS.stream()
                .filter(k -> k.pattern().matcher(userAgent).find())
                .map(Known::name)
                .findFirst()
                .orElse(null);
        if (browser == null) {
            String cut = userAgent.strip();
            return cut.length() <= LONGEST ? cut : cut.substring(0, LONGEST) + "…";
        }
        return system == null ? browser : browser + " on " + system;
    }

    private record Known(String name, Pattern pattern) {}
}
