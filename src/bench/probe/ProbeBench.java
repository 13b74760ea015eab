import dev.mailward.checks.CheckOptions;
import dev.mailward.checks.CheckResult;
import dev.mailward.checks.EndpointProber;
import dev.mailward.checks.Status;
import dev.mailward.probe.AddressLimiter;
import dev.mailward.probe.Endpoint;
import dev.mailward.probe.Protocol;
import dev.mailward.probe.SessionLimits;
import dev.mailward.probe.TargetPolicy;
import dev.mailward.probe.testservers.ServerTls;
import dev.mailward.probe.testservers.TestCerts;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.bouncycastle.tls.TlsServerProtocol;

/**
 * Probe benchmark (issue "Mail server probes" item 10): N TLS-capable SMTP servers, each bound to
 * its own loopback address 127.1.x.y on the same port, certificates made at start; then one
 * {@link EndpointProber} (one cycle, one connection per address) runs the full analysis of every
 * endpoint: greeting, EHLO, STARTTLS + handshake, EHLO, VRFY/EXPN, open-relay test, QUIT, and one
 * session per TLS version (1.0..1.3), all judged. Prints endpoints per second and peak heap.
 *
 * <p>Run with {@code src/bench/probe/run.sh [N] [PORT]}.
 */
public class ProbeBench {

    public static void main(String[] args) throws Exception {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 200;
        int port = args.length > 1 ? Integer.parseInt(args[1]) : 2525;
        Instant t0 = Instant.now();
        TestCerts ca = TestCerts.newCa("Mailward Bench CA");
        Path bundle = ca.writeBundle(Files.createTempDirectory("mailward-bench"));
        List<ServerSocket> servers = new ArrayList<>();
        List<Endpoint> endpoints = new ArrayList<>();
        AtomicInteger connections = new AtomicInteger();
        ExecutorService serverThreads = Executors.newVirtualThreadPerTaskExecutor();
        for (int i = 0; i < n; i++) {
            InetAddress address = InetAddress.getByAddress(new byte[] {127, 1, (byte) (i / 250), (byte) (i % 250 + 1)});
            String host = "mx" + i + ".bench.test";
            ServerTls tls = ServerTls.modern(ca.leaf(TestCerts.ec(), host));
            ServerSocket s = new ServerSocket();
            s.setReuseAddress(true);
            s.bind(new InetSocketAddress(address, port), 64);
            servers.add(s);
            serverThreads.submit(() -> accept(s, tls, serverThreads, connections));
            endpoints.add(new Endpoint(host, port, List.of(address), Protocol.SMTP));
        }
        System.out.printf(
                Locale.ROOT,
                "setup: %d servers on 127.1.x.y:%d, certificates made in %d ms%n",
                n,
                port,
                Duration.between(t0, Instant.now()).toMillis());

        CheckOptions options = CheckOptions.defaults()
                .withTargetPolicy(TargetPolicy.allowing(List.of("127.0.0.0/8")))
                .withCaBundle(bundle);
        EndpointProber prober = new EndpointProber(SessionLimits.defaults(), AddressLimiter.oneAtATime(), true);
        resetPeaks();
        Instant start = Instant.now();
        Instant deadline = start.plusSeconds(120);
        Map<Status, AtomicLong> starttls = new EnumMap<>(Status.class);
        for (Status st : Status.values()) {
            starttls.put(st, new AtomicLong());
        }
        AtomicLong versionsOk = new AtomicLong();
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<List<CheckResult>>> futures = new ArrayList<>();
            for (Endpoint e : endpoints) {
                futures.add(pool.submit(() -> prober.probe(e, options, deadline)));
            }
            for (Future<List<CheckResult>> f : futures) {
                for (CheckResult r : f.get()) {
                    if (r.check().equals("starttls")) {
                        starttls.get(r.status()).incrementAndGet();
                    }
                    if (r.check().equals("tls-versions") && r.status() == Status.PASS) {
                        versionsOk.incrementAndGet();
                    }
                }
            }
        }
        Duration elapsed = Duration.between(start, Instant.now());
        double perSecond = n / (elapsed.toMillis() / 1000.0);
        System.out.printf(
                Locale.ROOT, "probed %d endpoints in %d ms: %.1f full analyses/s%n", n, elapsed.toMillis(), perSecond);
        System.out.printf(
                Locale.ROOT,
                "starttls results %s; tls-versions PASS %d; server connections %d (%.1f per endpoint)%n",
                starttls,
                versionsOk.get(),
                connections.get(),
                connections.get() / (double) n);
        System.out.printf(
                Locale.ROOT,
                "peak heap used during the probe run: %.1f MiB (max heap %.0f MiB)%n",
                peakHeap() / 1048576.0,
                Runtime.getRuntime().maxMemory() / 1048576.0);
        for (ServerSocket s : servers) {
            s.close();
        }
        serverThreads.shutdownNow();
        System.exit(starttls.get(Status.PASS).get() == n ? 0 : 1);
    }

    static void resetPeaks() {
        for (MemoryPoolMXBean p : ManagementFactory.getMemoryPoolMXBeans()) {
            p.resetPeakUsage();
        }
    }

    static long peakHeap() {
        long sum = 0;
        for (MemoryPoolMXBean p : ManagementFactory.getMemoryPoolMXBeans()) {
            if (p.getType() == MemoryType.HEAP) {
                sum += p.getPeakUsage().getUsed();
            }
        }
        return sum;
    }

    static void accept(ServerSocket server, ServerTls tls, ExecutorService threads, AtomicInteger connections) {
        while (!server.isClosed()) {
            try {
                Socket c = server.accept();
                connections.incrementAndGet();
                threads.submit(() -> serve(c, tls));
            } catch (IOException e) {
                return;
            }
        }
    }

    /** A hardened Postfix-like SMTP dialogue: STARTTLS, no AUTH, VRFY off, relay refused. */
    static void serve(Socket socket, ServerTls tls) {
        try (socket) {
            socket.setSoTimeout(10_000);
            InputStream in = socket.getInputStream();
            OutputStream out = socket.getOutputStream();
            boolean secure = false;
            send(out, "220 mx.bench.test ESMTP");
            while (true) {
                String line = readLine(in);
                if (line == null) {
                    return;
                }
                String u = line.toUpperCase(Locale.ROOT);
                if (u.startsWith("EHLO ")) {
                    send(
                            out,
                            secure
                                    ? "250-mx.bench.test\r\n250-PIPELINING\r\n250-SIZE 10240000\r\n250 8BITMIME"
                                    : "250-mx.bench.test\r\n250-PIPELINING\r\n250-SIZE 10240000\r\n250-STARTTLS\r\n250 8BITMIME");
                } else if (u.equals("STARTTLS") && !secure) {
                    send(out, "220 2.0.0 Ready to start TLS");
                    TlsServerProtocol p = tls.accept(socket.getInputStream(), socket.getOutputStream());
                    in = p.getInputStream();
                    out = p.getOutputStream();
                    secure = true;
                } else if (u.startsWith("VRFY")) {
                    send(out, "502 5.5.1 VRFY command is disabled");
                } else if (u.startsWith("MAIL FROM:")) {
                    send(out, "250 2.1.0 Ok");
                } else if (u.startsWith("RCPT TO:")) {
                    send(out, "554 5.7.1 Relay access denied");
                } else if (u.equals("RSET")) {
                    send(out, "250 2.0.0 Ok");
                } else if (u.equals("QUIT")) {
                    send(out, "221 2.0.0 Bye");
                    return;
                } else {
                    send(out, "502 5.5.2 Error: command not recognized");
                }
            }
        } catch (Exception e) {
            // the prober closed the connection (e.g. after a refused TLS version)
        }
    }

    static String readLine(InputStream in) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        while (true) {
            int c = in.read();
            if (c < 0) {
                return null;
            }
            if (c == '\n') {
                break;
            }
            if (b.size() > 4096) {
                throw new IOException("line too long");
            }
            b.write(c);
        }
        String s = b.toString(StandardCharsets.US_ASCII);
        return s.endsWith("\r") ? s.substring(0, s.length() - 1) : s;
    }

    static void send(OutputStream out, String text) throws IOException {
        out.write((text + "\r\n").getBytes(StandardCharsets.US_ASCII));
        out.flush();
    }
}
