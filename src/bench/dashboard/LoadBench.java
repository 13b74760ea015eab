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
import java.util.SplittableRandom;
import java.util.concurrent.Executors;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Signs in once, then per path: warms up with {@code -Dwarmup=N} untimed requests (default 200, four at a
 * time), then {@code users} virtual threads each request the path {@code rounds} times, and prints the
 * median, p95 and max of two times: the server time the console reports in its
 * {@code Server-Timing: app;dur=MS} header ({@code mailward.dashboard.server-timing=true}) and the client
 * time on the loopback connection (which adds queueing for a Tomcat thread, writing and reading the body).
 * Usage: java LoadBench.java BASE_URL USER PASSWORD USERS ROUNDS PATH...
 *
 * <p>Think time: with {@code -Dthink=MS} each user waits between its requests (people read a page before
 * the next), by default a random time drawn uniformly from 0.5 × MS to 1.5 × MS, from a random generator
 * seeded per user ({@code -Dseed=}, default 1; user {@code u} uses seed + u, so runs repeat), and each user
 * starts after a random delay in [0, MS): the requests arrive spread over time, as independent people's
 * do. {@code -Dthink.mode=fixed} waits exactly MS and {@code -Dstagger=false} starts every user at once: with
 * both (and {@code -Dwarmup=5}) the users stay in lock-step and their requests arrive in bursts of
 * {@code users} (the method of the first figures in README.md). Without {@code -Dthink} the users ask back
 * to back, which saturates the server.
 *
 * <p>With {@code -Dserver.pid=PID -Ddb.pid=PID} (the console's process and PostgreSQL's postmaster, on
 * Linux) it also prints the CPU both used per timed request of each path (the console's without its JIT
 * compiler threads): a figure that other work on the machine slows down far less than the times and
 * requests per second.
 */
public class LoadBench {
    public static void main(String[] a) throws Exception {
        String base = a[0];
        int users = Integer.parseInt(a[3]);
        int rounds = Integer.parseInt(a[4]);
        List<String> paths = List.of(a).subList(5, a.length);
        long think = Long.getLong("think", 0);
        boolean uniform = !"fixed".equals(System.getProperty("think.mode", "uniform"));
        boolean stagger = Boolean.parseBoolean(System.getProperty("stagger", "true"));
        int warmup = Integer.getInteger("warmup", 200);
        long seed = Long.getLong("seed", 1);
        System.out.printf(
                "think %s, %s start, %d warm-up requests per page, seed %d%n",
                think == 0
                        ? "none (back to back)"
                        : uniform ? "uniform " + think / 2 + "-" + think * 3 / 2 + " ms" : think + " ms fixed",
                stagger && think > 0 ? "staggered" : "simultaneous",
                warmup,
                seed);
        HttpClient http = HttpClient.newBuilder()
                .cookieHandler(new CookieManager())
                .followRedirects(HttpClient.Redirect.NEVER)
                .connectTimeout(Duration.ofSeconds(5))
                .build();
        String login = http.send(
                        HttpRequest.newBuilder(URI.create(base + "/login")).build(),
                        HttpResponse.BodyHandlers.ofString())
                .body();
        Matcher m = Pattern.compile("name=\"_csrf\"\\s+value=\"([^\"]+)\"").matcher(login);
        if (!m.find()) throw new IllegalStateException("no CSRF token on /login");
        String form = "username=" + enc(a[1]) + "&password=" + enc(a[2]) + "&_csrf=" + enc(m.group(1));
        HttpResponse<String> r = http.send(
                HttpRequest.newBuilder(URI.create(base + "/login"))
                        .header("Content-Type", "application/x-www-form-urlencoded")
                        .POST(HttpRequest.BodyPublishers.ofString(form))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        String location = r.headers().firstValue("Location").orElse("");
        if (location.contains("error")) throw new IllegalStateException("login failed: " + location);
        for (String path : paths) {
            warmUp(http, base + path, warmup);
            List<long[]> times = Collections.synchronizedList(new ArrayList<>());
            long[] cpu0 = cpuTicks();
            long t0 = System.nanoTime();
            try (var pool = Executors.newVirtualThreadPerTaskExecutor()) {
                for (int u = 0; u < users; u++) {
                    SplittableRandom random = new SplittableRandom(seed + u);
                    pool.submit(() -> {
                        if (stagger && think > 0) Thread.sleep(random.nextLong(think));
                        for (int i = 0; i < rounds; i++) {
                            times.add(get(http, base + path));
                            if (think > 0) Thread.sleep(uniform ? think / 2 + random.nextLong(think + 1) : think);
                        }
                        return null;
                    });
                }
            }
            double wall = (System.nanoTime() - t0) / 1e9;
            long[] cpu1 = cpuTicks();
            String load = loadAverage();
            List<Long> client = new ArrayList<>(times.stream().map(t -> t[0]).toList());
            List<Long> server = new ArrayList<>(
                    times.stream().filter(t -> t[1] >= 0).map(t -> t[1]).toList());
            System.out.printf(
                    "%-58s n=%d  server %s  client %s  %.1f req/s%n",
                    path, client.size(), figures(server), figures(client), client.size() / wall);
            System.out.printf("%-58s load average %s%n", "", load);
            if (cpu0 != null && cpu1 != null) {
                // USER_HZ is 100 on Linux: a tick is 10 ms of CPU
                System.out.printf(
                        "%-58s cpu console=%.2f database=%.2f ms/request%n",
                        path, (cpu1[0] - cpu0[0]) * 10.0 / client.size(), (cpu1[1] - cpu0[1]) * 10.0 / client.size());
            }
        }
    }

    /** {@code n} untimed requests, four at a time: the JIT compiles the page's code paths before timing. */
    static void warmUp(HttpClient http, String url, int n) throws Exception {
        var next = new java.util.concurrent.atomic.AtomicInteger();
        try (var pool = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int w = 0; w < Math.min(4, n); w++) {
                pool.submit(() -> {
                    while (next.getAndIncrement() < n) get(http, url);
                    return null;
                });
            }
        }
    }

    /** Client and server time in nanoseconds; the server time is -1 when the header is missing. */
    static long[] get(HttpClient http, String url) throws Exception {
        long t = System.nanoTime();
        HttpResponse<byte[]> r =
                http.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofByteArray());
        long e = System.nanoTime() - t;
        if (r.statusCode() != 200) throw new IllegalStateException(url + " answered " + r.statusCode());
        long server = r.headers()
                .firstValue("Server-Timing")
                .map(SERVER_TIMING::matcher)
                .filter(Matcher::find)
                .map(m -> (long) (Double.parseDouble(m.group(1)) * 1_000_000))
                .orElse(-1L);
        return new long[] {e, server};
    }

    /**
     * CPU ticks (user + system) used so far by the console ({@code -Dserver.pid}; all its threads but the JIT
     * compiler's) and by the database
     * ({@code -Ddb.pid}, the postmaster, with every process it started that is still running), or
     * {@code null} without both properties or off Linux. Unlike requests per second, these do not
     * count the time a request waited for a core that other work on the machine held.
     */
    static long[] cpuTicks() {
        String server = System.getProperty("server.pid");
        String db = System.getProperty("db.pid");
        if (server == null || db == null) return null;
        try {
            long console = 0;
            try (var threads = java.nio.file.Files.list(java.nio.file.Path.of("/proc", server, "task"))) {
                for (var thread : threads.toList()) {
                    console += ticks(thread.resolve("stat"), null, true);
                }
            }
            long database = 0;
            try (var procs = java.nio.file.Files.list(java.nio.file.Path.of("/proc"))) {
                for (var dir : procs.toList()) {
                    String name = dir.getFileName().toString();
                    if (name.chars().allMatch(Character::isDigit)) {
                        database += ticks(dir.resolve("stat"), name.equals(db) ? null : db, false);
                    }
                }
            }
            return new long[] {console, database};
        } catch (java.io.IOException e) {
            return null;
        }
    }

    /**
     * utime + stime of the process (or thread) whose {@code /proc/.../stat} this is, or 0 when it ended,
     * with {@code parent} when its parent is another process, and with {@code skipCompiler} when it is one
     * of the JIT compiler's threads (whose work, compiling what got hot, fades as a run goes on).
     */
    static long ticks(java.nio.file.Path stat, String parent, boolean skipCompiler) {
        try {
            String line = java.nio.file.Files.readString(stat);
            String name = line.substring(line.indexOf('(') + 1, line.lastIndexOf(')'));
            if (skipCompiler && (name.startsWith("C1 CompilerThre") || name.startsWith("C2 CompilerThre"))) return 0;
            // the fields after the command name, which is in parentheses and may hold spaces
            String[] f = line.substring(line.lastIndexOf(')') + 2).split(" ");
            if (parent != null && !f[1].equals(parent)) return 0;
            return Long.parseLong(f[11]) + Long.parseLong(f[12]);
        } catch (java.io.IOException | RuntimeException e) {
            return 0;
        }
    }

    static final Pattern SERVER_TIMING = Pattern.compile("app;dur=([0-9.]+)");

    /** "median=12 p95=34 max=56 ms", or "n/a" without figures. */
    static String figures(List<Long> nanos) {
        if (nanos.isEmpty()) return "n/a";
        Collections.sort(nanos);
        return String.format(
                "median=%d p95=%d max=%d ms",
                nanos.get(nanos.size() / 2) / 1_000_000,
                nanos.get((int) Math.ceil(nanos.size() * 0.95) - 1) / 1_000_000,
                nanos.getLast() / 1_000_000);
    }

    /** The 1-, 5- and 15-minute load averages (other builds share the cores), or "?" off Linux. */
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
