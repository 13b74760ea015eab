import java.net.CookieManager;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Creates {@code users} operators through the API (as the admin, HTTP Basic), then {@code users} clients
 * start at the same instant and each, {@code iterations} times (or until {@code -Dseconds=} have passed,
 * default 300): opens a fresh session, signs in with the form (CSRF token from {@code /login}), browses
 * the pages in {@code PATHS}, and signs out. Prints the answers per status class and the latency
 * percentiles of the sign-in POST and of the pages; exits 1 on any 5xx, on any sign-in that did not
 * reach {@code /}, or on a page that did not answer 200. With {@code -Dshared=true} every client signs in
 * as the same user.
 * Usage: java LoginBench.java BASE_URL ADMIN PASSWORD USERS ITERATIONS
 */
public class LoginBench {

    static final List<String> PATHS = List.of("/", "/dashboard", "/domains", "/servers", "/scans", "/account");
    static final String USER_PASSWORD = "Bench-User-Passphrase-2025";
    static final Pattern CSRF = Pattern.compile("name=\"_csrf\"\\s+(?:value|content)=\"([^\"]+)\"");

    static final Map<String, AtomicLong> STATUS = new ConcurrentHashMap<>();
    static final List<Long> LOGIN_TIMES = Collections.synchronizedList(new ArrayList<>());
    static final List<Long> PAGE_TIMES = Collections.synchronizedList(new ArrayList<>());
    static final AtomicLong FAILED_LOGINS = new AtomicLong();
    static final AtomicLong BAD_PAGES = new AtomicLong();

    public static void main(String[] a) throws Exception {
        String base = a[0];
        int users = Integer.parseInt(a[3]);
        int iterations = Integer.parseInt(a[4]);
        long deadline = System.nanoTime()
                + Duration.ofSeconds(Long.getLong("seconds", 300)).toNanos();
        String prefix = "bench" + Long.toString(System.currentTimeMillis() % 1_000_000, 36);
        createUsers(base, a[1], a[2], prefix, users);

        CountDownLatch start = new CountDownLatch(1);
        long t0;
        try (var pool = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int u = 0; u < users; u++) {
                // -Dshared=true: every client signs in as the same user (concurrent logins to one account)
                String name = prefix + "-" + (Boolean.getBoolean("shared") ? 0 : u);
                pool.submit(() -> {
                    start.await();
                    for (int i = 0; i < iterations && System.nanoTime() < deadline; i++) {
                        session(base, name);
                    }
                    return null;
                });
            }
            t0 = System.nanoTime();
            start.countDown();
        }
        double wall = (System.nanoTime() - t0) / 1e9;
        System.out.printf(
                "%d clients x %d iterations (sign in, %d pages, sign out) in %.1f s%n",
                users, iterations, PATHS.size(), wall);
        System.out.println("answers by status class: " + new java.util.TreeMap<>(STATUS));
        System.out.printf("sign-in POST  n=%d  %s%n", LOGIN_TIMES.size(), figures(LOGIN_TIMES));
        System.out.printf(
                "page GET      n=%d  %s  (%.1f pages/s)%n",
                PAGE_TIMES.size(), figures(PAGE_TIMES), PAGE_TIMES.size() / wall);
        System.out.printf(
                "sign-ins that did not reach /: %d, pages not 200: %d, load average %s%n",
                FAILED_LOGINS.get(), BAD_PAGES.get(), loadAverage());
        long errors = STATUS.getOrDefault("5xx", new AtomicLong()).get();
        if (errors > 0 || FAILED_LOGINS.get() > 0 || BAD_PAGES.get() > 0) {
            System.out.println("FAILED: " + errors + " answers 5xx, " + FAILED_LOGINS.get() + " sign-ins refused, "
                    + BAD_PAGES.get() + " pages not 200");
            System.exit(1);
        }
    }

    static void createUsers(String base, String admin, String password, String prefix, int n) throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        String basic = "Basic "
                + Base64.getEncoder().encodeToString((admin + ":" + password).getBytes(StandardCharsets.UTF_8));
        for (int u = 0; u < n; u++) {
            String body = "{\"username\":\"" + prefix + "-" + u
                    + "\",\"role\":\"OPERATOR\",\"teamIds\":[],\"password\":\"" + USER_PASSWORD + "\"}";
            HttpResponse<String> r = http.send(
                    HttpRequest.newBuilder(URI.create(base + "/api/v1/users"))
                            .header("Authorization", basic)
                            .header("Content-Type", "application/json")
                            .POST(HttpRequest.BodyPublishers.ofString(body))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() != 201) {
                throw new IllegalStateException("creating user " + u + " answered " + r.statusCode() + ": " + r.body());
            }
        }
        System.out.println("created " + n + " users " + prefix + "-0.." + (n - 1));
    }

    /** One visit: a fresh cookie jar, sign in, the pages, sign out. */
    static void session(String base, String user) throws Exception {
        HttpClient http = HttpClient.newBuilder()
                .cookieHandler(new CookieManager())
                .followRedirects(HttpClient.Redirect.NEVER)
                .connectTimeout(Duration.ofSeconds(5))
                .build();
        HttpResponse<String> page =
                send(http, HttpRequest.newBuilder(URI.create(base + "/login")).build(), null);
        String token = csrf(page.body());
        String form = "username=" + enc(user) + "&password=" + enc(USER_PASSWORD) + "&_csrf=" + enc(token);
        HttpResponse<String> login = send(
                http,
                HttpRequest.newBuilder(URI.create(base + "/login"))
                        .header("Content-Type", "application/x-www-form-urlencoded")
                        .POST(HttpRequest.BodyPublishers.ofString(form))
                        .build(),
                LOGIN_TIMES);
        if (login.statusCode() != 302
                || !login.headers().firstValue("Location").orElse("").endsWith("/")) {
            FAILED_LOGINS.incrementAndGet();
            System.out.println(user + ": sign-in answered " + login.statusCode() + " "
                    + login.headers().firstValue("Location").orElse(""));
            return;
        }
        String last = null;
        for (String path : PATHS) {
            HttpResponse<String> r =
                    send(http, HttpRequest.newBuilder(URI.create(base + path)).build(), PAGE_TIMES);
            // "/" redirects to the dashboard
            if (r.statusCode() != 200 && !(path.equals("/") && r.statusCode() == 302)) {
                BAD_PAGES.incrementAndGet();
                System.out.println(user + ": " + path + " answered " + r.statusCode());
            } else if (r.statusCode() == 200) {
                last = r.body();
            }
        }
        if (last != null) {
            send(
                    http,
                    HttpRequest.newBuilder(URI.create(base + "/logout"))
                            .header("Content-Type", "application/x-www-form-urlencoded")
                            .POST(HttpRequest.BodyPublishers.ofString("_csrf=" + enc(csrf(last))))
                            .build(),
                    null);
        }
    }

    static HttpResponse<String> send(HttpClient http, HttpRequest request, List<Long> times) throws Exception {
        long t = System.nanoTime();
        HttpResponse<String> r = http.send(request, HttpResponse.BodyHandlers.ofString());
        if (times != null) {
            times.add(System.nanoTime() - t);
        }
        STATUS.computeIfAbsent(r.statusCode() / 100 + "xx", k -> new AtomicLong())
                .incrementAndGet();
        return r;
    }

    static String csrf(String html) {
        Matcher m = CSRF.matcher(html);
        if (!m.find()) {
            throw new IllegalStateException("no CSRF token in the page");
        }
        return m.group(1);
    }

    /** "median=12 p95=34 p99=45 max=56 ms", or "n/a" without figures. */
    static String figures(List<Long> list) {
        List<Long> nanos;
        synchronized (list) {
            nanos = new ArrayList<>(list);
        }
        if (nanos.isEmpty()) {
            return "n/a";
        }
        Collections.sort(nanos);
        return String.format(
                "median=%d p90=%d p95=%d p99=%d max=%d ms",
                at(nanos, 0.5), at(nanos, 0.9), at(nanos, 0.95), at(nanos, 0.99), nanos.getLast() / 1_000_000);
    }

    static long at(List<Long> sorted, double q) {
        return sorted.get(Math.max(0, (int) Math.ceil(sorted.size() * q) - 1)) / 1_000_000;
    }

    static String loadAverage() {
        try {
            String[] f = java.nio.file.Files.readString(java.nio.file.Path.of("/proc/loadavg"))
                    .split(" ");
            return f[0] + " " + f[1] + " " + f[2];
        } catch (java.io.IOException e) {
            return "?";
        }
    }

    static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
