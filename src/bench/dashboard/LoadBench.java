import java.net.CookieManager;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Signs in once, then {@code users} virtual threads each request every path {@code rounds} times
 * (after {@code warmup} untimed rounds) and prints the median and p95 response times per path.
 * Usage: java LoadBench.java BASE_URL USER PASSWORD USERS ROUNDS PATH...
 * With -Dthink=MS each user waits MS milliseconds between its requests (people read a page before the
 * next); without it the users ask back to back, which saturates the server.
 */
public class LoadBench {
    public static void main(String[] a) throws Exception {
        String base = a[0];
        int users = Integer.parseInt(a[3]);
        int rounds = Integer.parseInt(a[4]);
        List<String> paths = List.of(a).subList(5, a.length);
        long think = Long.getLong("think", 0);
        HttpClient http = HttpClient.newBuilder().cookieHandler(new CookieManager())
                .followRedirects(HttpClient.Redirect.NEVER).connectTimeout(Duration.ofSeconds(5)).build();
        String login = http.send(HttpRequest.newBuilder(URI.create(base + "/login")).build(),
                HttpResponse.BodyHandlers.ofString()).body();
        Matcher m = Pattern.compile("name=\"_csrf\"\\s+value=\"([^\"]+)\"").matcher(login);
        if (!m.find()) throw new IllegalStateException("no CSRF token on /login");
        String form = "username=" + enc(a[1]) + "&password=" + enc(a[2]) + "&_csrf=" + enc(m.group(1));
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(base + "/login"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofString());
        String location = r.headers().firstValue("Location").orElse("");
        if (location.contains("error")) throw new IllegalStateException("login failed: " + location);
        for (String path : paths) {
            for (int i = 0; i < 5; i++) get(http, base + path); // warm-up
            List<Long> times = Collections.synchronizedList(new ArrayList<>());
            long t0 = System.nanoTime();
            try (var pool = Executors.newVirtualThreadPerTaskExecutor()) {
                for (int u = 0; u < users; u++) {
                    pool.submit(() -> {
                        for (int i = 0; i < rounds; i++) {
                            times.add(get(http, base + path));
                            if (think > 0) Thread.sleep(think);
                        }
                        return null;
                    });
                }
            }
            double wall = (System.nanoTime() - t0) / 1e9;
            List<Long> s = new ArrayList<>(times);
            Collections.sort(s);
            System.out.printf("%-60s n=%d median=%d ms p95=%d ms max=%d ms throughput=%.1f req/s%n", path, s.size(),
                    s.get(s.size() / 2) / 1_000_000, s.get((int) Math.ceil(s.size() * 0.95) - 1) / 1_000_000,
                    s.getLast() / 1_000_000, s.size() / wall);
        }
    }

    static long get(HttpClient http, String url) throws Exception {
        long t = System.nanoTime();
        HttpResponse<byte[]> r = http.send(HttpRequest.newBuilder(URI.create(url)).build(),
                HttpResponse.BodyHandlers.ofByteArray());
        long e = System.nanoTime() - t;
        if (r.statusCode() != 200) throw new IllegalStateException(url + " answered " + r.statusCode());
        return e;
    }

    static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
