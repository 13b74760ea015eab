package dev.mailward.reportintake;

import java.nio.charset.StandardCharsets;
import java.util.UUID;

/**
 * The hand-written reports of {@code src/test/resources/dev/mailward/reportintake}, about a domain of the test's
 * choosing and with fresh report ids, so that tests sharing one database never see each other's reports as
 * duplicates.
 */
public final class ReportSamples {

    private ReportSamples() {}

    /** A fixture with its domain ({@code intake-a.example}, {@code intake-b.example}) replaced by {@code domain} and every report id made unique. */
    public static byte[] about(String fixture, String domain) {
        String suffix = "-" + UUID.randomUUID();
        String text = new String(ReportFilesTests.fixture(fixture), StandardCharsets.UTF_8)
                .replace("intake-a.example", domain)
                .replace("Intake-A.example", domain)
                .replace("intake-b.example", domain)
                .replaceAll("<report_id>([^<]+)</report_id>", "<report_id>$1" + suffix + "</report_id>")
                .replaceAll("\"report-id\": \"([^\"]+)\"", "\"report-id\": \"$1" + suffix + "\"");
        return text.getBytes(StandardCharsets.UTF_8);
    }

    /** A fresh domain name for a test. */
    public static String domainName(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8) + ".test";
    }
}
