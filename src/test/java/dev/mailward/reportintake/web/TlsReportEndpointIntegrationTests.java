package dev.mailward.reportintake.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mailward.MailwardIntegrationTest;
import dev.mailward.accounts.AccountsTestSupport;
import dev.mailward.accounts.Role;
import dev.mailward.accounts.TeamRef;
import dev.mailward.reportintake.ReportSamples;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Arrays;
import java.util.Base64;
import java.util.concurrent.ThreadLocalRandom;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The intake's HTTP channels over a real socket: the open TLS-RPT endpoint {@code POST /tlsrpt} (RFC 8460 §3)
 * without login or CSRF token, its content types, size and rate bounds, and what it refuses; and the upload and
 * API size limits ({@code mailward.reports.intake.max-file-size}): a compressed report of several MB reaches the
 * intake, a larger file is refused with 413 and words (problem details on the API, the error page on the form).
 */
@MailwardIntegrationTest
class TlsReportEndpointIntegrationTests {

    @LocalServerPort
    int port;

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    AccountsTestSupport accounts;

    private String domain;

    @BeforeEach
    void setUp() {
        TeamRef team = accounts.team("tlsrpt-team");
        domain = ReportSamples.domainName("tlsrpt");
        jdbc.update("""
                insert into domain (a_label, u_label, team_id, created_at, created_by, updated_at, discovery_status)
                values (?, ?, ?, now(), 'test', now(), 'MX_FOUND')
                """, domain, domain, team.id());
    }

    @Test
    void storesAGzipOrJsonTlsReportWithoutLoginOnceAndSaysDuplicateAfter() throws Exception {
        byte[] report = ReportSamples.about("tlsrpt.json", domain);
        HttpResponse<String> first = post("application/tlsrpt+gzip", gzip(report));
        assertThat(first.statusCode()).as(first.body()).isEqualTo(201);
        assertThat(first.body()).contains("\"STORED\"");
        assertThat(first.headers().firstValue("Set-Cookie")).isEmpty();

        HttpResponse<String> again = post("application/tlsrpt+gzip", gzip(report));
        assertThat(again.statusCode()).isEqualTo(200);
        assertThat(again.body()).contains("\"DUPLICATE\"");

        HttpResponse<String> json = post("application/tlsrpt+json", ReportSamples.about("tlsrpt.json", domain));
        assertThat(json.statusCode()).isEqualTo(201);
        assertThat(jdbc.queryForObject(
                        "select count(*) from reportintake_tls_policy p join reportintake_tls_report r on r.id ="
                                + " p.report_id where p.domain_name = ? and r.source = 'HTTPS' and p.domain_id is not"
                                + " null",
                        Long.class,
                        domain))
                .isEqualTo(2);
    }

    @Test
    void refusesOtherContentTypesOversizedBodiesAndOtherMethods() throws Exception {
        byte[] report = ReportSamples.about("tlsrpt.json", domain);
        HttpResponse<String> plainJson = post("application/json", report);
        assertThat(plainJson.statusCode()).isEqualTo(415);
        assertThat(plainJson.headers().firstValue("Content-Type").orElse("")).startsWith("application/problem+json");
        assertThat(plainJson.body()).contains("application/tlsrpt+gzip");
        assertThat(post("multipart/form-data; boundary=x", report).statusCode()).isEqualTo(415);

        byte[] big = new byte[5 * 1024 * 1024 + 64 * 1024];
        ThreadLocalRandom.current().nextBytes(big);
        big[0] = 0x1f;
        big[1] = (byte) 0x8b;
        HttpResponse<String> oversized = post("application/tlsrpt+gzip", big);
        assertThat(oversized.statusCode()).isEqualTo(413);
        assertThat(oversized.body()).contains("larger than 5 MB");

        // only POST is open: a GET is a console page request like any other (to the login page)
        try (HttpClient client = HttpClient.newHttpClient()) {
            HttpResponse<String> get = client.send(
                    HttpRequest.newBuilder(url("/tlsrpt")).GET().build(), HttpResponse.BodyHandlers.ofString());
            assertThat(get.statusCode()).isEqualTo(302);
            assertThat(get.headers().firstValue("Location").orElse("")).endsWith("/login");
        }
        assertThat(jdbc.queryForObject(
                        "select count(*) from reportintake_tls_policy where domain_name = ?", Long.class, domain))
                .isZero();
    }

    @Test
    void anUnreadableOrNonTlsReportIsRefusedWithTheReasonAndKeptAside() throws Exception {
        byte[] gz = gzip(ReportSamples.about("tlsrpt.json", domain));
        HttpResponse<String> truncated = post("application/tlsrpt+gzip", Arrays.copyOf(gz, gz.length / 2));
        assertThat(truncated.statusCode()).isEqualTo(400);
        assertThat(truncated.headers().firstValue("Content-Type").orElse("")).startsWith("application/problem+json");
        assertThat(truncated.body()).contains("gzip");

        HttpResponse<String> dmarc = post("application/tlsrpt+json", ReportSamples.about("google-like.xml", domain));
        assertThat(dmarc.statusCode()).isEqualTo(400);
        assertThat(dmarc.body()).contains("not an SMTP TLS report");
        assertThat(jdbc.queryForObject(
                        "select count(*) from reportintake_dmarc_report where domain_name = ?", Long.class, domain))
                .isZero();

        HttpResponse<String> mislabelled = post("application/tlsrpt+gzip", ReportSamples.about("tlsrpt.json", domain));
        assertThat(mislabelled.statusCode()).isEqualTo(400);
        assertThat(mislabelled.body()).contains("not gzip");

        assertThat(jdbc.queryForList(
                        "select reason from reportintake_rejected where source = 'HTTPS' and received_at > now() -"
                                + " interval '1 minute'",
                        String.class))
                .anyMatch(r -> r.contains("gzip") && !r.contains("declared"))
                .anyMatch(r -> r.contains("not an SMTP TLS report"))
                .anyMatch(r -> r.contains("declared application/tlsrpt+gzip"));
    }

    @Test
    void oneSourceAddressIsLimitedTo429WithRetryAfter() throws Exception {
        // a loopback address of its own, so that no other test's requests share its bucket
        InetAddress source =
                InetAddress.getByAddress(new byte[] {127, 0, 0, (byte) (10 + new SecureRandom().nextInt(200))});
        byte[] body = "{}".getBytes(StandardCharsets.UTF_8);
        try (HttpClient client = HttpClient.newBuilder().localAddress(source).build()) {
            int limited = 0;
            HttpResponse<String> last = null;
            for (int i = 0; i < 70 && limited == 0; i++) {
                last = client.send(
                        HttpRequest.newBuilder(url("/tlsrpt"))
                                .header("Content-Type", "text/plain")
                                .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
                if (last.statusCode() == 429) {
                    limited = i + 1;
                }
            }
            assertThat(limited).as("the request answered 429").isEqualTo(61);
            assertThat(last.headers().firstValue("Retry-After"))
                    .hasValueSatisfying(v -> assertThat(Long.parseLong(v)).isPositive());
        }
        // another address is not affected
        assertThat(post("text/plain", body).statusCode()).isEqualTo(415);
    }

    @Test
    void aReportOfSeveralMegabytesPassesTheUploadLimitAndALargerFileIsRefusedInWords() throws Exception {
        String admin = accounts.user("tlsrpt-admin", Role.ADMIN).username();
        String basic = "Basic "
                + Base64.getEncoder()
                        .encodeToString((admin + ":" + AccountsTestSupport.PASSWORD).getBytes(StandardCharsets.UTF_8));
        byte[] six = new byte[6 * 1024 * 1024];
        ThreadLocalRandom.current().nextBytes(six);
        HttpResponse<String> accepted = multipart("/api/v1/report-ingest", basic, "big.xml.gz", gzip(six));
        assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(201);
        assertThat(accepted.body()).contains("\"REFUSED\"").contains("big.xml.gz");

        byte[] eleven = new byte[11 * 1024 * 1024];
        HttpResponse<String> refused = multipart("/api/v1/report-ingest", basic, "huge.xml", eleven);
        assertThat(refused.statusCode()).isEqualTo(413);
        assertThat(refused.headers().firstValue("Content-Type").orElse("")).startsWith("application/problem+json");
        assertThat(refused.body()).contains("at most 10 MB per file");
    }

    private HttpResponse<String> multipart(String path, String auth, String file, byte[] content) throws Exception {
        String boundary = "----mailward-intake-test";
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.write(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"" + file
                        + "\"\r\nContent-Type: application/octet-stream\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII));
        body.write(content);
        body.write(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.US_ASCII));
        try (HttpClient client = HttpClient.newHttpClient()) {
            return client.send(
                    HttpRequest.newBuilder(url(path))
                            .timeout(Duration.ofSeconds(60))
                            .header("Authorization", auth)
                            .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                            .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray()))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
        }
    }

    private HttpResponse<String> post(String contentType, byte[] body) throws Exception {
        try (HttpClient client = HttpClient.newHttpClient()) {
            return client.send(
                    HttpRequest.newBuilder(url("/tlsrpt"))
                            .timeout(Duration.ofSeconds(60))
                            .header("Content-Type", contentType)
                            .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
        }
    }

    private URI url(String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }

    private static byte[] gzip(byte[] bytes) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write(bytes);
        }
        return out.toByteArray();
    }
}
