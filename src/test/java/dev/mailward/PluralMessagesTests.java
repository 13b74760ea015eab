package dev.mailward;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.text.MessageFormat;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.TreeMap;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.springframework.core.io.Resource;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;

/**
 * A count is never shown as "1 results": no message puts a bare argument before a plural noun (it takes a
 * {@code choice} format, "0 results | 1 result | 2 results"), and the counts the pages show read right for 0, 1
 * and 2, formatted as the console's message source formats them ({@link MessageFormat}).
 */
class PluralMessagesTests {

    /** A bare argument followed by a noun in the plural: "{0} domains", "{1} lines". */
    private static final Pattern BARE_COUNT = Pattern.compile("\\{\\d(?:,number[^}]*)?}\\s+(?:more\\s+|active\\s+)?"
            + "(results|domains|findings|minutes|seconds|days|lines|reports|uploads|warnings|errors|certificates"
            + "|tokens|checks|servers|endpoints|hosts|exceptions|scans|changes|records|selectors|entries|items)\\b");

    @Test
    void noMessageShowsABareCountBeforeAPluralNoun() throws IOException {
        List<String> bare = new ArrayList<>();
        messages().forEach((key, text) -> {
            // the limits of refused inputs are constants far above one ("at most {0} characters")
            String outsideChoices = withoutChoices(text);
            if (BARE_COUNT.matcher(outsideChoices).find()
                    && !text.contains("at most {")
                    && !key.endsWith("tooManyLines")) {
                bare.add(key + "=" + text);
            }
        });
        assertThat(bare)
                .as("counts without a plural form; use {0,choice,0#0 things|1#1 thing|1<{0,number,integer} things}")
                .isEmpty();
    }

    @Test
    void theCountsReadRightForZeroOneAndTwo() throws IOException {
        TreeMap<String, String> m = messages();
        assertThat(format(m, "common.results", 0)).isEqualTo("0 results");
        assertThat(format(m, "common.results", 1)).isEqualTo("1 result");
        assertThat(format(m, "common.results", 2)).isEqualTo("2 results");
        assertThat(format(m, "common.results", 1200L)).isEqualTo("1,200 results");
        assertThat(format(m, "dashboard.matrix.count", 1L)).isEqualTo("1 domain matches");
        assertThat(format(m, "dashboard.matrix.count", 3L)).isEqualTo("3 domains match");
        assertThat(format(m, "dashboard.portfolio.sub", 1L, 1L)).isEqualTo("1 domain in your teams, 1 with a score");
        assertThat(format(m, "dashboard.domain.findingCount", 1)).isEqualTo("1 finding");
        assertThat(format(m, "serverconfig.findings.count", 0)).isEqualTo("0 findings");
        assertThat(format(m, "scanning.scan.counts", 0, 1)).isEqualTo("0 of 1 domain done");
        assertThat(format(m, "scanning.scan.counts", 1, 2)).isEqualTo("1 of 2 domains done");
        assertThat(format(m, "scanning.certificate.daysLeft", 1L)).isEqualTo("1 day left");
        assertThat(format(m, "scanning.certificate.expired", 2L)).isEqualTo("expired 2 days ago");
        assertThat(format(m, "scanning.evidence.transcript", 1)).isEqualTo("Transcript (1 line)");
        assertThat(format(m, "accounts.login.locked", 1L))
                .isEqualTo("Too many failed attempts, try again in 1 minute.");
        assertThat(format(m, "inventory.import.done", 1, 0)).isEqualTo("1 domain imported, 0 lines refused.");
        assertThat(format(m, "reports.generate.done", 7L, 1, "ab12"))
                .isEqualTo("Report #7 generated: 1 domain, SHA-256 ab12.");
        assertThat(format(m, "serverconfig.domain.summary", 3, "2026-01-02", 0, 1, 2))
                .isEqualTo("Version 3, 2026-01-02: 0 failed, 1 warning, 2 errors");
    }

    /** The text with every {@code {n,choice,...}} argument (whose branches name their own nouns) left out. */
    private static String withoutChoices(String text) {
        StringBuilder out = new StringBuilder();
        int i = 0;
        while (i < text.length()) {
            int open = text.indexOf('{', i);
            if (open < 0) {
                out.append(text, i, text.length());
                break;
            }
            out.append(text, i, open);
            int depth = 0;
            int close = open;
            for (; close < text.length(); close++) {
                char c = text.charAt(close);
                if (c == '{') {
                    depth++;
                } else if (c == '}' && --depth == 0) {
                    break;
                }
            }
            String argument = text.substring(open, Math.min(close + 1, text.length()));
            out.append(argument.contains(",choice,") ? "{choice}" : argument);
            i = close + 1;
        }
        return out.toString();
    }

    private static String format(TreeMap<String, String> messages, String key, Object... args) {
        assertThat(messages).containsKey(key);
        return new MessageFormat(messages.get(key), Locale.ENGLISH).format(args);
    }

    private static TreeMap<String, String> messages() throws IOException {
        TreeMap<String, String> all = new TreeMap<>();
        for (Resource r : new PathMatchingResourcePatternResolver().getResources("classpath*:messages/*.properties")) {
            Properties p = new Properties();
            try (Reader in = new InputStreamReader(r.getInputStream(), StandardCharsets.UTF_8)) {
                p.load(in);
            }
            p.stringPropertyNames().forEach(k -> all.put(k, p.getProperty(k)));
        }
        return all;
    }
}
