package dev.mailward.reports;

import static dev.mailward.checks.Status.FAIL;
import static dev.mailward.checks.Status.PASS;
import static dev.mailward.checks.Status.WARN;
import static org.assertj.core.api.Assertions.assertThat;

import dev.mailward.accounts.AccountsTestSupport;
import dev.mailward.accounts.Role;
import dev.mailward.accounts.TeamRef;
import dev.mailward.accounts.UserView;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.net.IDN;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.rendering.PDFRenderer;
import org.apache.pdfbox.text.PDFTextStripper;
import org.apache.pdfbox.text.TextPosition;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * The PDF's layout with hostile data: long unbroken tokens (a 300-character TXT record, a DS digest,
 * a long IDN host and MX host), HTML-looking text. Every string of the data must be in the PDF's text
 * and no character may lie past the page edge; the executive summary comes first, passing results
 * are counted, not listed, and the evidence appendix shows the lines of each finding.
 */
class ReportPdfLayoutIntegrationTests extends ReportsTestSupport {

    private static final String TXT = "v=spf1 "
            + "include:_spf.very-long-provider-name-for-hostile-layout-tests.example.net"
            + "ip4:" + "192.0.2.1/32;".repeat(10) + "x=" + "a1b2c3d4e5".repeat(16) + " -all";
    private static final String DS_DIGEST =
            "E06D44B80B8F1D39A95C0B0D7C65D08458E880409BBC683457104237C7F8EC8D9A3F2BAC1E5D84B7F0C7A8E2B4D6F8A0";
    private static final String HTMLISH =
            "banner says <b onclick=\"x()\">Postfix &amp; 2.11</b><script>alert('x')</script>";
    private static final String MX =
            "mx-primary-inbound-relay-cluster-frankfurt-0001.mail-delivery-infrastructure.example.net:25";
    private static final String REASON = "ticket=" + "CHG0001234567/".repeat(8) + "approved-by-ciso";

    private UserView auditor;
    private TeamRef team;
    private String uLabel;
    private String aLabel;
    private int passing;
    private String tag;

    @BeforeEach
    void seed() {
        team = accounts.team("pdf-layout");
        auditor = accounts.user("pdf-layout-auditor", Role.AUDITOR, team);
        uLabel = "bücher-und-zeitschriften-verlag.gesellschaft-münchen-straße."
                + AccountsTestSupport.unique("x").toLowerCase(java.util.Locale.ROOT)
                + ".überlange-domänen-prüfung.test";
        aLabel = IDN.toASCII(uLabel);
        tag = AccountsTestSupport.unique("layout");
        Instant now = Instant.now();
        long id = jdbc.queryForObject(
                """
                insert into domain (a_label, u_label, team_id, tags, created_at, created_by, updated_at, discovery_status)
                values (?, ?, ?, ?, ?, 'test', ?, 'MX_FOUND') returning id
                """,
                Long.class,
                aLabel,
                uLabel,
                team.id(),
                new String[] {tag},
                Timestamp.from(now.minus(Duration.ofDays(3))),
                Timestamp.from(now.minus(Duration.ofDays(3))));
        Instant at = now.minus(Duration.ofHours(1));
        result(
                id,
                "spf",
                aLabel,
                List.of(finding(
                        "SPF_STRING_TOO_LONG",
                        WARN,
                        "The SPF record has a string longer than 255 characters; some receivers reject it.",
                        "spf-dkim")),
                """
                {"dns":[
                  {"name":"other-%1$s.","type":"A","outcome":"ANSWER","records":[{"name":"other.","type":"A","ttl":60,"data":"198.51.100.77"}]},
                  {"name":"%1$s.","type":"TXT","outcome":"ANSWER","dnssec":"SECURE","records":[{"name":"%1$s.","type":"TXT","ttl":300,"data":"\\"%2$s\\""}]}]}
                """.formatted(aLabel, TXT),
                at,
                true);
        result(
                id,
                "dnssec",
                aLabel,
                List.of(finding(
                        "DNSSEC_DS_MISMATCH",
                        FAIL,
                        "The DS record " + DS_DIGEST + " at the parent matches no DNSKEY of " + aLabel
                                + "; validating resolvers reject its answers.",
                        "dnssec")),
                """
                {"dns":[{"name":"%1$s.","type":"DS","outcome":"ANSWER","records":[{"name":"%1$s.","type":"DS","ttl":3600,"data":"12345 13 4 %2$s"}]}]}
                """.formatted(aLabel, DS_DIGEST),
                at,
                true);
        StringBuilder transcript = new StringBuilder("[");
        String[][] lines = {
            {"S", "220 " + MX + " ESMTP"},
            {"C", "EHLO mailward.test"},
            {"S", "250-PIPELINING-UNRELATED-LINE"},
            {"S", "250-SIZE 52428800"},
            {"S", "250-VRFY"},
            {"S", "250 8BITMIME"},
            {"C", "MAIL FROM:<probe@mailward.test>"},
            {"S", "250 2.1.0 Ok sender-unrelated"},
            {"C", "RSET"},
            {"S", "250 2.0.0 Ok reset-unrelated"},
            {"C", "VRFY postmaster"},
            {"S", "252 2.0.0 postmaster-is-known"},
            {"C", "VRFY mw-random-7f3a9c"},
            {"S", "550 5.1.1 mw-random-7f3a9c unknown"},
            {"C", "QUIT"},
            {"S", "221 2.0.0 Bye"}
        };
        for (int i = 0; i < lines.length; i++) {
            transcript
                    .append(i == 0 ? "" : ",")
                    .append("{\"atMillis\":")
                    .append(i)
                    .append(",\"direction\":\"")
                    .append(lines[i][0])
                    .append("\",\"text\":")
                    .append(JSON.writeValueAsString(lines[i][1]))
                    .append('}');
        }
        transcript.append(']');
        result(
                id,
                "smtp",
                MX,
                List.of(finding(
                        "SMTP_VRFY_ENABLED",
                        FAIL,
                        "VRFY tells existing mailboxes from unknown ones; spammers can list your addresses.",
                        "maintained-mta")),
                "{\"transcript\":" + transcript + "}",
                at,
                true);
        result(id, "banner", MX, List.of(finding("BANNER_VERSION", WARN, HTMLISH, "maintained-mta")), "{}", at, true);
        exception(id, "banner", MX, "BANNER_VERSION", REASON, now.minus(Duration.ofHours(2)));
        String[] checks = {
            "mx",
            "dmarc",
            "mta-sts",
            "tls-rpt",
            "dkim",
            "dane",
            "ptr",
            "blocklist",
            "starttls",
            "tls-versions",
            "tls-ciphers",
            "certificate",
            "auth",
            "relay",
            "ipv6",
            "caa",
            "bimi",
            "arc",
            "dnssec-keys",
            "ns",
            "soa",
            "ttl",
            "spf-includes",
            "dmarc-rua",
            "tls-sni",
            "tls-ocsp",
            "smtps",
            "submission",
            "imap",
            "pop3",
            "rdns"
        };
        for (String c : checks) {
            result(
                    id,
                    c,
                    aLabel,
                    List.of(finding(
                            "PASSING_" + c.toUpperCase(java.util.Locale.ROOT).replace('-', '_'),
                            PASS,
                            "fine",
                            "spf-dkim")),
                    "{}",
                    at,
                    true);
        }
        passing = checks.length;
    }

    @Test
    void everyStringOfHostileDataIsInThePdfAndNothingRunsPastThePageEdge() throws Exception {
        Rendered pdf = render();
        List<String> data = List.of(
                TXT,
                DS_DIGEST,
                uLabel,
                aLabel,
                MX,
                HTMLISH,
                REASON,
                "VRFY tells existing mailboxes from unknown ones; spammers can list your addresses.");
        for (String s : data) {
            assertThat(wrapped(s).matcher(pdf.text).find())
                    .as("the PDF text holds %s", s)
                    .isTrue();
        }
        assertThat(pdf.outside).as("characters past the right page edge").isEmpty();
        assertThat(pdf.blank).as("blank pages").isEmpty();
        // the accepted exceptions (six columns of free text) on a landscape page
        assertThat(pdf.landscape).anySatisfy(page -> assertThat(page).startsWith("Accepted exceptions"));
        // laid out across the landscape page, not at the width of a portrait one (595 pt)
        assertThat(pdf.widest).isGreaterThan(600);
    }

    @Test
    void executiveSummaryComesFirstAndPassingResultsAreCountedNotListed() throws Exception {
        Rendered pdf = render();
        String t = pdf.text;
        int summary = t.indexOf("Executive summary");
        int worst = t.indexOf("Fix these first");
        int risks = t.indexOf("Accepted risks");
        int domains = t.indexOf("Problems per domain");
        assertThat(summary).isPositive();
        assertThat(worst).isGreaterThan(summary);
        assertThat(risks).isGreaterThan(worst);
        assertThat(domains).isGreaterThan(risks);
        // worst first: the failures before the warnings, accepted findings left out of the list
        String list = t.substring(worst, risks);
        assertThat(list.indexOf("DNSSEC_DS_MISMATCH")).isPositive();
        assertThat(list.indexOf("SMTP_VRFY_ENABLED")).isPositive();
        assertThat(list.indexOf("SPF_STRING_TOO_LONG"))
                .isGreaterThan(list.indexOf("DNSSEC_DS_MISMATCH"))
                .isGreaterThan(list.indexOf("SMTP_VRFY_ENABLED"));
        assertThat(list).doesNotContain("BANNER_VERSION");
        // the accepted risk with its expiry in the summary
        assertThat(t.substring(risks, domains)).contains("BANNER_VERSION").containsPattern(wrapped("2099-12-31"));
        // passing results counted, not listed
        assertThat(t).contains(passing + " checks pass").doesNotContain("PASSING_");
        // evidence: the VRFY exchange, not the start of the session; the DNS answers of the name in question
        String appendix = t.substring(t.indexOf("Evidence appendix"));
        assertThat(appendix)
                .contains("C: VRFY postmaster")
                .contains("252 2.0.0 postmaster-is-known")
                .contains("550 5.1.1 mw-random-7f3a9c unknown")
                .doesNotContain("PIPELINING-UNRELATED")
                .doesNotContain("sender-unrelated")
                .doesNotContain("reset-unrelated");
        assertThat(appendix).doesNotContain("198.51.100.77");
        assertThat(pdf.pages).isLessThanOrEqualTo(8);
    }

    /** The data string as a pattern that allows the line breaks the layout inserts, and nothing else. */
    private static Pattern wrapped(String s) {
        StringBuilder p = new StringBuilder();
        // a line break, and the blank PDFTextStripper may put at either side of it
        String breakOpportunity = "(?:[ \\t]*\\r?\\n[ \\t]*)?";
        for (int i = 0; i < s.length(); ) {
            int c = s.codePointAt(i);
            if (Character.isWhitespace(c)) {
                p.append("\\s+");
                while (i < s.length() && Character.isWhitespace(s.codePointAt(i))) {
                    i += Character.charCount(s.codePointAt(i));
                }
                continue;
            }
            if (!p.isEmpty()) {
                p.append(breakOpportunity);
            }
            p.append(Pattern.quote(new String(Character.toChars(c))));
            i += Character.charCount(c);
        }
        return Pattern.compile(p.toString());
    }

    /** The PDF's text, its page count, characters past the edge, blank pages, landscape pages' texts. */
    private record Rendered(
            String text, int pages, List<String> outside, List<Integer> blank, List<String> landscape, float widest) {}

    private Rendered render() throws Exception {
        JsonNode report = create(auditor, "{\"format\":\"PDF\",\"scope\":{\"kind\":\"tag\",\"tag\":\"" + tag + "\"}}");
        byte[] bytes = download(auditor, report.get("id").asLong());
        Path dir = Path.of("target/screenshots");
        Files.createDirectories(dir);
        Files.write(dir.resolve("report-hostile.pdf"), bytes);
        List<String> outside = new ArrayList<>();
        float[] widest = {0};
        try (PDDocument doc = Loader.loadPDF(bytes)) {
            PDFTextStripper stripper = new PDFTextStripper() {
                @Override
                protected void processTextPosition(TextPosition t) {
                    super.processTextPosition(t);
                    float right = getCurrentPage().getMediaBox().getWidth();
                    widest[0] = Math.max(widest[0], t.getXDirAdj() + t.getWidthDirAdj());
                    if (t.getXDirAdj() + t.getWidthDirAdj() > right - 20
                            && !t.getUnicode().isBlank()) {
                        outside.add(t.getUnicode());
                    }
                }
            };
            String text = stripper.getText(doc);
            List<Integer> blank = new ArrayList<>();
            List<String> landscape = new ArrayList<>();
            for (int i = 1; i <= doc.getNumberOfPages(); i++) {
                PDFTextStripper page = new PDFTextStripper();
                page.setStartPage(i);
                page.setEndPage(i);
                String pageText =
                        page.getText(doc).replaceAll("\\d+ / \\d+", "").strip();
                if (pageText.isEmpty()) {
                    blank.add(i);
                }
                var box = doc.getPage(i - 1).getMediaBox();
                if (box.getWidth() > box.getHeight()) {
                    landscape.add(pageText);
                }
            }
            PDFRenderer renderer = new PDFRenderer(doc);
            for (int i = 0; i < doc.getNumberOfPages(); i++) {
                BufferedImage image = renderer.renderImageWithDPI(i, 70);
                write(image, dir.resolve("report-hostile-" + (i + 1) + ".png"));
            }
            return new Rendered(text, doc.getNumberOfPages(), outside, blank, landscape, widest[0]);
        }
    }

    private static void write(BufferedImage image, Path file) throws IOException {
        ImageIO.write(image, "png", file.toFile());
    }
}
