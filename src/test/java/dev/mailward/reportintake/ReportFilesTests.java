package dev.mailward.reportintake;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mailward.reportintake.ReportFiles.DmarcItem;
import dev.mailward.reportintake.ReportFiles.Item;
import dev.mailward.reportintake.ReportFiles.Refused;
import dev.mailward.reportintake.ReportFiles.TlsItem;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;

/** Reports in several reporters' shapes and containers, and hostile files, through {@link ReportFiles}. */
class ReportFilesTests {

    private final ReportFiles files = new ReportFiles(IntakeLimits.DEFAULT);

    @Test
    void readsAGoogleLikeReportWithoutNamespace() {
        DmarcReport r = dmarc(files.open("google.xml", fixture("google-like.xml")));
        assertThat(r.orgName()).isEqualTo("google.com");
        assertThat(r.reportId()).isEqualTo("9391651994964116463");
        assertThat(r.domain()).isEqualTo("intake-a.example");
        assertThat(r.begin()).isEqualTo(Instant.ofEpochSecond(1764979200));
        assertThat(r.policy().p()).isEqualTo("none");
        assertThat(r.rows()).hasSize(2);
        DmarcReport.Row first = r.rows().getFirst();
        assertThat(first.sourceIp()).isEqualTo("192.0.2.10");
        assertThat(first.count()).isEqualTo(120);
        assertThat(first.dmarcPass()).isTrue();
        assertThat(first.dkim()).containsExactly(new DmarcReport.Auth("intake-a.example", "s1", "pass"));
        assertThat(r.rows().get(1).dmarcPass()).isFalse();
        assertThat(r.rows().get(1).spf().getFirst().domain()).isEqualTo("bulk-sender.example");
    }

    @Test
    void readsAMicrosoftLikeRfc9990ReportWithNamespaceExtensionsAndSeveralRecordsPerSource() {
        DmarcReport r = dmarc(files.open("ms.xml", fixture("microsoft-like.xml")));
        assertThat(r.orgName()).isEqualTo("Enterprise Outlook");
        assertThat(r.domain()).as("lower case, root dot removed").isEqualTo("intake-a.example");
        assertThat(r.policy().np()).isEqualTo("reject");
        assertThat(r.policy().testing()).isEqualTo("n");
        assertThat(r.rows()).hasSize(2);
        assertThat(r.rows()).extracting(DmarcReport.Row::sourceIp).containsOnly("2001:db8:0:0:0:0:0:25");
        DmarcReport.Row forwarded = r.rows().getFirst();
        assertThat(forwarded.disposition()).isEqualTo("quarantine");
        assertThat(forwarded.envelopeFrom()).isEqualTo("mailer.forwarder.example");
        assertThat(forwarded.helo()).isEqualTo("relay.forwarder.example");
        assertThat(forwarded.dkim())
                .extracting(DmarcReport.Auth::domain)
                .containsExactly("intake-a.example", "forwarder.example");
        assertThat(r.rows().get(1).dmarcPass()).isTrue();
    }

    @Test
    void readsAYahooLikeAppendixCReportWithMissingOptionalElementsAndVendorElements() {
        DmarcReport r = dmarc(files.open("yahoo.xml", fixture("yahoo-like.xml")));
        assertThat(r.domain()).isEqualTo("intake-b.example");
        assertThat(r.begin()).as("whitespace around numbers").isEqualTo(Instant.ofEpochSecond(1764979200));
        assertThat(r.policy().adkim()).isNull();
        assertThat(r.policy().p()).isEqualTo("reject");
        assertThat(r.rows().getFirst().helo()).isNull();
        assertThat(r.rows().getFirst().dkim()).isEmpty();
    }

    @Test
    void readsATlsReportPerRfc8460() {
        TlsReport r = tls(files.open("company-x.json", fixture("tlsrpt.json")));
        assertThat(r.orgName()).isEqualTo("Company-X");
        assertThat(r.begin()).isEqualTo(Instant.parse("2025-12-05T00:00:00Z"));
        TlsReport.Policy p = r.policies().getFirst();
        assertThat(p.domain()).isEqualTo("intake-a.example");
        assertThat(p.type()).isEqualTo("sts");
        assertThat(p.successful()).isEqualTo(5326);
        assertThat(p.failed()).isEqualTo(303);
        assertThat(p.failures())
                .extracting(TlsReport.Failure::resultType, TlsReport.Failure::receivingMx, TlsReport.Failure::sessions)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("certificate-expired", "mx1.mail.intake-a.example", 100L),
                        org.assertj.core.groups.Tuple.tuple(
                                "starttls-not-supported", "mx2.mail.intake-a.example", 200L),
                        org.assertj.core.groups.Tuple.tuple(
                                "validation-failure", "mx-backup.mail.intake-a.example", 3L));
    }

    @Test
    void opensGzipZipAndGzippedJsonWhateverTheirNames() {
        assertThat(dmarc(files.open("report.bin", gzip(fixture("google-like.xml"))))
                        .orgName())
                .isEqualTo("google.com");
        assertThat(tls(files.open("x.json.gz", gzip(fixture("tlsrpt.json")))).orgName())
                .isEqualTo("Company-X");
        List<Item> zipped = files.open(
                "two.zip",
                zip("google.xml", fixture("google-like.xml"), "yahoo.xml.gz", gzip(fixture("yahoo-like.xml"))));
        assertThat(zipped).hasSize(2).allMatch(DmarcItem.class::isInstance);
        assertThat(zipped.get(1).name()).isEqualTo("two.zip!yahoo.xml");
    }

    @Test
    void opensTheAttachmentsOfAWholeMessageAndKeepsGoingPastAnUnreadableOne() {
        String eml = "From: noreply-dmarc-support@google.com\r\n"
                + "To: dmarc@intake-a.example\r\n"
                + "Subject: Report domain: intake-a.example Submitter: google.com\r\n"
                + "MIME-Version: 1.0\r\n"
                + "Content-Type: multipart/mixed; boundary=\"b1\"\r\n\r\n"
                + "--b1\r\nContent-Type: text/plain\r\n\r\nThis is an aggregate report.\r\n"
                + "--b1\r\nContent-Type: application/gzip; name=\"google.xml.gz\"\r\n"
                + "Content-Disposition: attachment; filename=\"google.xml.gz\"\r\n"
                + "Content-Transfer-Encoding: base64\r\n\r\n"
                + Base64.getMimeEncoder().encodeToString(gzip(fixture("google-like.xml"))) + "\r\n"
                + "--b1\r\nContent-Type: application/zip; name=\"broken.zip\"\r\n"
                + "Content-Disposition: attachment; filename=\"broken.zip\"\r\n"
                + "Content-Transfer-Encoding: base64\r\n\r\n"
                + Base64.getMimeEncoder().encodeToString("PK\u0003\u0004garbage".getBytes(StandardCharsets.ISO_8859_1))
                + "\r\n--b1--\r\n";
        List<Item> items = files.open("report.eml", eml.getBytes(StandardCharsets.US_ASCII));
        assertThat(items).hasSize(2);
        assertThat(items.get(0)).isInstanceOf(DmarcItem.class);
        assertThat(items.get(1)).isInstanceOf(Refused.class);
        assertThat(items.get(1).name()).isEqualTo("report.eml!broken.zip");
    }

    @Test
    void refusesAZipBombByItsDecompressedSize() {
        byte[] zeros = new byte[1024 * 1024];
        ByteArrayOutputStream raw = new ByteArrayOutputStream();
        try (ZipOutputStream z = new ZipOutputStream(raw)) {
            z.putNextEntry(new ZipEntry("bomb.xml"));
            for (int i = 0; i < 100; i++) {
                z.write(zeros);
            }
            z.closeEntry();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        assertThat(refusal(files.open("bomb.zip", raw.toByteArray()))).contains("compression bomb");
    }

    @Test
    void refusesAGzipBombBySizeEvenWithinTheRatio() {
        IntakeLimits small = new IntakeLimits(2 * 1024 * 1024, 100_000, 50, 3, 1000, 32, 2048, 100);
        byte[] bomb = gzip(new byte[3 * 1024 * 1024]);
        assertThat(refusal(new ReportFiles(small).open("bomb.gz", bomb))).contains("more than 2 MiB");
    }

    @Test
    void refusesExternalEntities() {
        String xxe = "<?xml version=\"1.0\"?><!DOCTYPE feedback [<!ENTITY x SYSTEM \"file:///etc/passwd\">]>"
                + "<feedback><report_metadata><org_name>&x;</org_name></report_metadata></feedback>";
        String reason = refusal(files.open("xxe.xml", xxe.getBytes(StandardCharsets.UTF_8)));
        assertThat(reason).contains("DTD").doesNotContain("root:");
    }

    @Test
    void refusesBillionLaughs() {
        StringBuilder x = new StringBuilder("<?xml version=\"1.0\"?><!DOCTYPE lolz [<!ENTITY lol \"lol\">");
        for (int i = 1; i < 10; i++) {
            x.append("<!ENTITY lol").append(i).append(" \"");
            x.append(("&lol" + (i == 1 ? "" : String.valueOf(i - 1)) + ";").repeat(10));
            x.append("\">");
        }
        x.append("]><feedback><report_metadata><org_name>&lol9;</org_name></report_metadata></feedback>");
        assertThat(refusal(files.open("lol.xml", x.toString().getBytes(StandardCharsets.UTF_8))))
                .contains("DTD");
    }

    @Test
    void refusesTenThousandNestedElements() {
        String deep = "<feedback>" + "<a>".repeat(10_000) + "</a>".repeat(10_000) + "</feedback>";
        assertThat(refusal(files.open("deep.xml", deep.getBytes(StandardCharsets.UTF_8))))
                .contains("nested deeper than 32");
    }

    @Test
    void refusesOverlongValues() {
        String xml = new String(fixture("google-like.xml"), StandardCharsets.UTF_8)
                .replace("<org_name>google.com", "<org_name>" + "g".repeat(5000));
        assertThat(refusal(files.open("long.xml", xml.getBytes(StandardCharsets.UTF_8))))
                .contains("longer than 2048");
        String json = new String(fixture("tlsrpt.json"), StandardCharsets.UTF_8).replace("Company-X", "x".repeat(5000));
        assertThat(refusal(files.open("long.json", json.getBytes(StandardCharsets.UTF_8))))
                .contains("not readable JSON");
    }

    @Test
    void refusesAGzipBombWhileItIsReadWithTheBombAsTheReason() {
        // a valid start, then 64 MiB of white space in a comment: over 200 times its gzip size
        byte[] start = ("<?xml version=\"1.0\"?><feedback><report_metadata><org_name>bomb.example</org_name>" + "<!-- ")
                .getBytes(StandardCharsets.UTF_8);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream g = new GZIPOutputStream(out)) {
            g.write(start);
            byte[] spaces = new byte[1024 * 1024];
            Arrays.fill(spaces, (byte) ' ');
            for (int i = 0; i < 64; i++) {
                g.write(spaces);
            }
            g.write(" --></report_metadata></feedback>".getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        assertThat(refusal(files.open("bomb.xml.gz", out.toByteArray())))
                .isEqualTo("decompresses to more than 200 times its size (a compression bomb)");
    }

    @Test
    void refusesTruncatedGzip() {
        byte[] whole = gzip(fixture("google-like.xml"));
        byte[] cut = Arrays.copyOf(whole, whole.length / 2);
        assertThat(refusal(files.open("cut.xml.gz", cut))).contains("truncated or damaged gzip");
    }

    @Test
    void refusesWhatIsNoReportWhateverItsName() {
        byte[] png = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n', 0, 0};
        assertThat(refusal(files.open("report.xml", png))).contains("not a report");
        assertThat(refusal(files.open("report.xml", "<html><body>hi</body></html>".getBytes(StandardCharsets.UTF_8))))
                .contains("root element is <html>");
        assertThat(refusal(files.open("report.json", "[1,2]".getBytes(StandardCharsets.UTF_8))))
                .contains("not a report");
        assertThat(refusal(files.open("empty.xml", new byte[0]))).contains("empty");
    }

    @Test
    void refusesAReportWithoutItsIdentityButNamesWhatIsMissing() {
        String xml = new String(fixture("google-like.xml"), StandardCharsets.UTF_8)
                .replace("<report_id>9391651994964116463</report_id>", "");
        assertThat(refusal(files.open("noid.xml", xml.getBytes(StandardCharsets.UTF_8))))
                .contains("report_id");
        String badIp =
                new String(fixture("yahoo-like.xml"), StandardCharsets.UTF_8).replace("203.0.113.99", "mail.example");
        assertThat(refusal(files.open("ip.xml", badIp.getBytes(StandardCharsets.UTF_8))))
                .contains("not an IP address");
    }

    static byte[] fixture(String name) {
        try (InputStream in = ReportFilesTests.class.getResourceAsStream(name)) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static byte[] gzip(byte[] bytes) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream g = new GZIPOutputStream(out)) {
            g.write(bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    static byte[] zip(String name1, byte[] content1, String name2, byte[] content2) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ZipOutputStream z = new ZipOutputStream(out)) {
            z.putNextEntry(new ZipEntry(name1));
            z.write(content1);
            z.putNextEntry(new ZipEntry(name2));
            z.write(content2);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    private static DmarcReport dmarc(List<Item> items) {
        assertThat(items).hasSize(1);
        assertThat(items.getFirst()).as(items.toString()).isInstanceOf(DmarcItem.class);
        return ((DmarcItem) items.getFirst()).report();
    }

    private static TlsReport tls(List<Item> items) {
        assertThat(items).hasSize(1);
        assertThat(items.getFirst()).as(items.toString()).isInstanceOf(TlsItem.class);
        return ((TlsItem) items.getFirst()).report();
    }

    private static String refusal(List<Item> items) {
        assertThat(items).hasSize(1);
        assertThat(items.getFirst()).as(items.toString()).isInstanceOf(Refused.class);
        return ((Refused) items.getFirst()).reason();
    }
}
