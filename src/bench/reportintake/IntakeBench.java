import java.io.ByteArrayOutputStream;
import java.net.CookieManager;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.SplittableRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.GZIPOutputStream;

/**
 * The report intake's timings against a running console (see README.md).
 * Usage: java IntakeBench.java summary BASE_URL USER PASSWORD REQUESTS DOMAIN_ID...
 *        java IntakeBench.java import BASE_URL USER PASSWORD TIMES DOMAIN_NAME MEGABYTES
 *
 * <p>{@code summary}: signs in through the login form, sends 50 untimed warm-up requests, then for REQUESTS
 * domains drawn from the ids given (random generator seeded with {@code -Dseed}, default 1) requests the page
 * {@code /domains/{id}/aggregate-reports}, then {@code /api/v1/dmarc/{id}/summary} and
 * {@code /api/v1/tlsrpt/{id}/summary} (default period: the last 30 days), one request at a time (the APIs with an API token created for the run), and prints
 * median, p95 and max of the client time per kind (and of the console's {@code Server-Timing} where it sends one).
 *
 * <p>{@code import}: generates a DMARC aggregate report about DOMAIN_NAME with varied records (source
 * addresses, counts, HELO names, DKIM domains and selectors, SPF results drawn from a seeded generator) until
 * its gzip reaches MEGABYTES, and sends it TIMES times (each with a new report id) as one {@code file} part
 * to {@code POST /api/v1/report-ingest} with HTTP Basic; prints sizes, records and the time of each answer.
 */
public class IntakeBench {
    /** The API answers a token or HTTP Basic, not the console's session. */
    static String basic = "";

    public static void main(String[] a) throws Exception {
        String base = a[1];
        HttpClient http = HttpClient.newBuilder()
                .cookieHandler(new CookieManager())
                .followRedirects(HttpClient.Redirect.NEVER)
                .connectTimeout(Duration.ofSeconds(5))
                .build();
        if (a[0].equals("summary")) {
            summary(http, base, a[2], a[3], Integer.parseInt(a[4]), List.of(a).subList(5, a.length));
        } else {
            importReport(http, base, a[2], a[3], Integer.parseInt(a[4]), a[5], Double.parseDouble(a[6]));
        }
    }

    static void summary(HttpClient http, String base, String user, String password, int n, List<String> ids)
            throws Exception {
        signIn(http, base, user, password);
        basic = "Bearer " + token(http, base);
        SplittableRandom random = new SplittableRandom(Long.getLong("seed", 1));
        String[] kinds = {"/domains/%s/aggregate-reports", "/api/v1/dmarc/%s/summary", "/api/v1/tlsrpt/%s/summary"};
        for (int i = 0; i < 50; i++) {
            String id = ids.get(random.nextInt(ids.size()));
            for (String k : kinds) get(http, base + k.formatted(id));
        }
        for (String k : kinds) {
            List<Long> client = new ArrayList<>();
            List<Long> server = new ArrayList<>();
            long t0 = System.nanoTime();
            for (int i = 0; i < n; i++) {
                long[] t = get(http, base + k.formatted(ids.get(random.nextInt(ids.size()))));
                client.add(t[0]);
                if (t[1] >= 0) server.add(t[1]);
            }
            System.out.printf(
                    "%-34s n=%d  client %s  server %s  %.1f req/s  load %s%n",
                    k.formatted("{id}"),
                    n,
                    figures(client),
                    figures(server),
                    n / ((System.nanoTime() - t0) / 1e9),
                    load());
        }
    }

    static void importReport(
            HttpClient http, String base, String user, String password, int times, String domain, double megabytes)
            throws Exception {
        for (int run = 1; run <= times; run++) {
            long g0 = System.nanoTime();
            int[] records = new int[1];
            long[] raw = new long[1];
            byte[] gz = report(domain, (long) (megabytes * 1024 * 1024), run, records, raw);
            long gen = (System.nanoTime() - g0) / 1_000_000;
            String boundary = "bench" + System.nanoTime();
            ByteArrayOutputStream body = new ByteArrayOutputStream(gz.length + 512);
            body.write(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"bench-" + run
                            + ".xml.gz\"\r\nContent-Type: application/gzip\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            body.write(gz);
            body.write(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.US_ASCII));
            String auth = Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
            HttpRequest req = HttpRequest.newBuilder(URI.create(base + "/api/v1/report-ingest"))
                    .header("Authorization", "Basic " + auth)
                    .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                    .timeout(Duration.ofMinutes(5))
                    .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray()))
                    .build();
            long t0 = System.nanoTime();
            HttpResponse<String> r = HttpClient.newHttpClient().send(req, HttpResponse.BodyHandlers.ofString());
            long ms = (System.nanoTime() - t0) / 1_000_000;
            String outcome = r.body().replaceAll("(?s).*\"outcome\"\\s*:\\s*\"([A-Z_]+)\".*", "$1");
            System.out.printf(
                    "import %d: %,d bytes gzip (%,d bytes XML, ratio %.1f, %,d records, generated in %d ms):"
                            + " HTTP %d %s in %,d ms  load %s%n",
                    run,
                    gz.length,
                    raw[0],
                    (double) raw[0] / gz.length,
                    records[0],
                    gen,
                    r.statusCode(),
                    outcome.length() > 20
                            ? r.body().substring(0, Math.min(300, r.body().length()))
                            : outcome,
                    ms,
                    load());
        }
    }

    /** A gzip DMARC report about {@code domain} whose compressed size just exceeds {@code target} bytes. */
    static byte[] report(String domain, long target, int run, int[] records, long[] raw) throws Exception {
        SplittableRandom rnd = new SplittableRandom(run * 7919L);
        ByteArrayOutputStream out = new ByteArrayOutputStream((int) target + 65536);
        CountingGzip gz = new CountingGzip(out);
        long begin = Instant.now().minus(Duration.ofDays(2)).getEpochSecond() / 86400 * 86400;
        gz.w("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<feedback xmlns=\"urn:ietf:params:xml:ns:dmarc-2.0\">\n"
                + "  <version>1.0</version>\n  <report_metadata>\n    <org_name>bench.example</org_name>\n"
                + "    <email>noreply-dmarc@bench.example</email>\n    <report_id>bench-import-" + run + "-"
                + System.currentTimeMillis() + "</report_id>\n    <date_range>\n      <begin>" + begin
                + "</begin>\n      <end>" + (begin + 86399) + "</end>\n    </date_range>\n  </report_metadata>\n"
                + "  <policy_published>\n    <domain>" + domain + "</domain>\n    <adkim>r</adkim>\n"
                + "    <aspf>r</aspf>\n    <p>quarantine</p>\n    <sp>quarantine</sp>\n    <pct>100</pct>\n"
                + "  </policy_published>\n");
        String[] orgs = {
            "google.com",
            "outlook.com",
            "amazonses.com",
            "sendgrid.net",
            "mailchimp.example",
            "mta.example.net",
            "relay.example.org",
            "bulk.example.com",
            domain
        };
        while (out.size() < target) {
            boolean pass = rnd.nextInt(100) < 80;
            String ip = rnd.nextInt(10) < 8
                    ? (rnd.nextInt(223) + 1) + "." + rnd.nextInt(256) + "." + rnd.nextInt(256) + "." + rnd.nextInt(256)
                    : "2001:db8:" + Integer.toHexString(rnd.nextInt(65536)) + "::"
                            + Integer.toHexString(rnd.nextInt(65536));
            String org = orgs[rnd.nextInt(orgs.length)];
            String dkimDomain = pass ? domain : org;
            String helo = "mail-" + Long.toString(rnd.nextLong(1L << 40), 36) + "." + org;
            gz.w("  <record>\n    <row>\n      <source_ip>" + ip + "</source_ip>\n      <count>"
                    + (1 + rnd.nextInt(rnd.nextInt(10) == 0 ? 5000 : 20)) + "</count>\n      <policy_evaluated>\n"
                    + "        <disposition>" + (pass ? "none" : "quarantine") + "</disposition>\n        <dkim>"
                    + (pass ? "pass" : "fail") + "</dkim>\n        <spf>"
                    + (pass && rnd.nextBoolean() ? "pass" : "fail")
                    + "</spf>\n      </policy_evaluated>\n    </row>\n    <identifiers>\n      <header_from>" + domain
                    + "</header_from>\n      <envelope_from>" + (rnd.nextBoolean() ? domain : org)
                    + "</envelope_from>\n    </identifiers>\n    <auth_results>\n      <dkim>\n        <domain>"
                    + dkimDomain + "</domain>\n        <selector>s" + Long.toString(rnd.nextLong(1L << 30), 36)
                    + "</selector>\n        <result>" + (pass ? "pass" : "fail") + "</result>\n      </dkim>\n"
                    + "      <spf>\n        <domain>" + helo + "</domain>\n        <scope>helo</scope>\n"
                    + "        <result>" + (rnd.nextInt(4) == 0 ? "softfail" : "pass") + "</result>\n      </spf>\n"
                    + "    </auth_results>\n  </record>\n");
            records[0]++;
            if (records[0] % 2000 == 0) gz.flushSync();
        }
        gz.w("</feedback>\n");
        gz.finish();
        raw[0] = gz.raw;
        return out.toByteArray();
    }

    static final class CountingGzip extends GZIPOutputStream {
        long raw;

        CountingGzip(ByteArrayOutputStream out) throws java.io.IOException {
            super(out, 65536, true);
        }

        void w(String s) throws java.io.IOException {
            byte[] b = s.getBytes(StandardCharsets.UTF_8);
            raw += b.length;
            write(b);
        }

        void flushSync() throws java.io.IOException {
            flush();
        }
    }

    /**
     * A fresh API token of the signed-in user (form {@code /account/tokens}): HTTP Basic would check the password
     * hash on every request and time that instead of the summary.
     */
    static String token(HttpClient http, String base) throws Exception {
        String page = http.send(
                        HttpRequest.newBuilder(URI.create(base + "/account/tokens"))
                                .build(),
                        HttpResponse.BodyHandlers.ofString())
                .body();
        Matcher m = Pattern.compile("name=\"_csrf\"\\s+value=\"([^\"]+)\"").matcher(page);
        if (!m.find()) throw new IllegalStateException("no CSRF token on /account/tokens");
        http.send(
                HttpRequest.newBuilder(URI.create(base + "/account/tokens"))
                        .header("Content-Type", "application/x-www-form-urlencoded")
                        .POST(HttpRequest.BodyPublishers.ofString("name=bench-" + System.currentTimeMillis()
                                + "&role=ADMIN&validDays=1&_csrf=" + enc(m.group(1))))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        page = http.send(
                        HttpRequest.newBuilder(URI.create(base + "/account/tokens"))
                                .build(),
                        HttpResponse.BodyHandlers.ofString())
                .body();
        Matcher secret = Pattern.compile("id=\"token-secret\"[^>]*>([^<]+)<").matcher(page);
        if (!secret.find()) throw new IllegalStateException("no API token created");
        return secret.group(1).strip();
    }

    static void signIn(HttpClient http, String base, String user, String password) throws Exception {
        String login = http.send(
                        HttpRequest.newBuilder(URI.create(base + "/login")).build(),
                        HttpResponse.BodyHandlers.ofString())
                .body();
        Matcher m = Pattern.compile("name=\"_csrf\"\\s+value=\"([^\"]+)\"").matcher(login);
        if (!m.find()) throw new IllegalStateException("no CSRF token on /login");
        String form = "username=" + enc(user) + "&password=" + enc(password) + "&_csrf=" + enc(m.group(1));
        HttpResponse<String> r = http.send(
                HttpRequest.newBuilder(URI.create(base + "/login"))
                        .header("Content-Type", "application/x-www-form-urlencoded")
                        .POST(HttpRequest.BodyPublishers.ofString(form))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        if (r.headers().firstValue("Location").orElse("").contains("error"))
            throw new IllegalStateException("login failed");
    }

    static long[] get(HttpClient http, String url) throws Exception {
        long t0 = System.nanoTime();
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url));
        if (url.contains("/api/")) b.header("Authorization", basic);
        HttpResponse<byte[]> r = http.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
        long ms = (System.nanoTime() - t0) / 1_000_000;
        if (r.statusCode() != 200) throw new IllegalStateException(url + " answered " + r.statusCode());
        long server = r.headers()
                .firstValue("Server-Timing")
                .map(h -> h.replaceAll(".*dur=([0-9.]+).*", "$1"))
                .map(s -> (long) Double.parseDouble(s))
                .orElse(-1L);
        return new long[] {ms, server};
    }

    static String figures(List<Long> values) {
        if (values.isEmpty()) return "-";
        List<Long> v = new ArrayList<>(values);
        Collections.sort(v);
        return "p50 " + v.get(v.size() / 2) + " / p95 " + v.get((int) Math.ceil(v.size() * 0.95) - 1) + " / max "
                + v.getLast() + " ms";
    }

    static String load() throws Exception {
        return java.nio.file.Files.readString(java.nio.file.Path.of("/proc/loadavg"))
                .split(" ")[0];
    }

    static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
