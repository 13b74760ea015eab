package dev.mailward.notifications;

import dev.mailward.checks.CheckOptions;
import dev.mailward.dns.AddressText;
import dev.mailward.dns.DnsAnswer;
import dev.mailward.dns.DnsClient;
import dev.mailward.probe.TargetPolicy;
import dev.mailward.probe.TrustStores;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.KeyManagementException;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;
import org.xbill.DNS.Type;

/**
 * POSTs a webhook body, signed: {@code X-Mailward-Timestamp} (Unix seconds) and
 * {@code X-Mailward-Signature: sha256=<hex HMAC-SHA256 of "timestamp.body" under the channel's secret>}.
 *
 * <p>The target obeys the probes' address policy: the host is resolved through the console's resolver
 * ({@code dns}), never the JVM's, and every address is screened by the same {@link TargetPolicy} the scans use
 * ({@code CheckOptions#targetPolicy}, from {@code mailward.checks.allow-targets}) before a packet is sent;
 * only permitted addresses are contacted, so a name that resolves into loopback, private or metadata ranges is
 * refused. One exchange is bounded by {@code mailward.notifications.webhook-timeout} (connect, each read, and
 * the whole exchange), the answer's head by 16 KiB, and a redirect is a failure, never followed. A 2xx answer
 * is success. HTTPS trusts the CAs the probes trust ({@code CheckOptions#caBundle}, from
 * {@code mailward.checks.ca-bundle}; the JDK's when unset), so a private lab's receiver is reachable.
 */
@Component
class WebhookSender {

    private static final int MAX_HEAD = 16 * 1024;
    private static final ScheduledExecutorService WATCHDOG = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "webhook-deadline");
        t.setDaemon(true);
        return t;
    });

    /** Resolves a host name to addresses. */
    @FunctionalInterface
    interface Resolver {
        List<InetAddress> addresses(String host) throws SendFailed;
    }

    private final TargetPolicy policy;
    private final Resolver resolver;
    private final Duration timeout;
    private final SSLSocketFactory tls;

    @Autowired
    WebhookSender(CheckOptions options, DnsClient dns, NotificationsProperties properties) {
        this(options, host -> resolve(dns, host), properties.webhookTimeout());
    }

    /** A sender with the probes' target policy and CA bundle. */
    WebhookSender(CheckOptions options, Resolver resolver, Duration timeout) {
        this(options.targetPolicy(), resolver, timeout, TrustStores.trustManager(options.caBundle()));
    }

    /** A sender trusting the JDK's CAs. */
    WebhookSender(TargetPolicy policy, Resolver resolver, Duration timeout) {
        this(policy, resolver, timeout, TrustStores.trustManager(Optional.empty()));
    }

    WebhookSender(TargetPolicy policy, Resolver resolver, Duration timeout, X509TrustManager trust) {
        this.policy = policy;
        this.resolver = resolver;
        this.timeout = timeout;
        try {
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(null, new TrustManager[] {trust}, null);
            this.tls = ctx.getSocketFactory();
        } catch (NoSuchAlgorithmException | KeyManagementException e) {
            throw new IllegalStateException("TLS is part of every JDK", e);
        }
    }

    /** Why the URL cannot be a webhook target (syntax, scheme, a literal address the policy refuses); empty if it can. */
    Optional<String> refusal(String url) {
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException e) {
            return Optional.of("not a URL");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            return Optional.of("only http and https URLs");
        }
        if (uri.getHost() == null || uri.getRawUserInfo() != null) {
            return Optional.of("a URL with a host and without user name or password");
        }
        String host = uri.getHost();
        if (literal(host)) {
            return policy.refusal(InetAddress.ofLiteral(bare(host)));
        }
        return Optional.empty();
    }

    /** Sends {@code body}; returns the HTTP status (2xx). */
    int send(String url, String secret, String eventId, String body, Instant now) throws SendFailed {
        Optional<String> refused = refusal(url);
        if (refused.isPresent()) {
            throw new SendFailed("webhook URL refused: " + refused.get());
        }
        URI uri = URI.create(url);
        String host = uri.getHost();
        boolean tls = uri.getScheme().equalsIgnoreCase("https");
        int port = uri.getPort() > 0 ? uri.getPort() : tls ? 443 : 80;
        List<InetAddress> addresses =
                literal(host) ? List.of(InetAddress.ofLiteral(bare(host))) : resolver.addresses(host);
        List<InetAddress> permitted = new ArrayList<>();
        List<String> refusals = new ArrayList<>();
        for (InetAddress a : addresses) {
            policy.refusal(a).ifPresentOrElse(refusals::add, () -> permitted.add(a));
        }
        if (permitted.isEmpty()) {
            throw new SendFailed("webhook address refused: "
                    + (refusals.isEmpty() ? host + " has no address" : String.join("; ", refusals)));
        }
        String timestamp = String.valueOf(now.getEpochSecond());
        String signature = "sha256=" + sign(secret, timestamp + "." + body);
        String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
        if (uri.getRawQuery() != null) {
            path += "?" + uri.getRawQuery();
        }
        byte[] payload = body.getBytes(StandardCharsets.UTF_8);
        String hostHeader = uri.getRawAuthority();
        String head = "POST " + path + " HTTP/1.1\r\n"
                + "Host: " + hostHeader + "\r\n"
                + "User-Agent: Mailward\r\n"
                + "Content-Type: application/json; charset=utf-8\r\n"
                + "Content-Length: " + payload.length + "\r\n"
                + "X-Mailward-Event: " + eventId + "\r\n"
                + "X-Mailward-Timestamp: " + timestamp + "\r\n"
                + "X-Mailward-Signature: " + signature + "\r\n"
                + "Connection: close\r\n\r\n";
        SendFailed last = null;
        for (InetAddress a : permitted) {
            try {
                return exchange(a, port, tls ? host : null, head, payload);
            } catch (SendFailed e) {
                last = e;
                if (!e.getMessage().startsWith("cannot connect")) {
                    throw e;
                }
            }
        }
        throw last;
    }

    private int exchange(InetAddress address, int port, String tlsHost, String head, byte[] payload) throws SendFailed {
        Socket socket = new Socket();
        AtomicBoolean expired = new AtomicBoolean();
        ScheduledFuture<?> deadline = WATCHDOG.schedule(
                () -> {
                    // set before the close, so the reader that the close interrupts knows why
                    expired.set(true);
                    try {
                        socket.close();
                    } catch (IOException ignored) {
                        // closing is all the deadline does
                    }
                },
                timeout.toMillis(),
                TimeUnit.MILLISECONDS);
        String where = AddressText.of(address) + " port " + port;
        try (socket) {
            try {
                socket.connect(new InetSocketAddress(address, port), (int) timeout.toMillis());
            } catch (IOException e) {
                throw new SendFailed("cannot connect to " + where + ": " + e.getMessage());
            }
            socket.setSoTimeout((int) timeout.toMillis());
            Socket s = socket;
            if (tlsHost != null) {
                SSLSocket ssl = (SSLSocket) tls.createSocket(socket, tlsHost, port, true);
                SSLParameters p = ssl.getSSLParameters();
                p.setEndpointIdentificationAlgorithm("HTTPS");
                p.setServerNames(List.of(new SNIHostName(tlsHost)));
                ssl.setSSLParameters(p);
                ssl.startHandshake();
                s = ssl;
            }
            OutputStream out = s.getOutputStream();
            out.write(head.getBytes(StandardCharsets.ISO_8859_1));
            out.write(payload);
            out.flush();
            String answer = head(s.getInputStream());
            int status = status(answer);
            if (status >= 200 && status < 300) {
                return status;
            }
            if (status >= 300 && status < 400) {
                throw new SendFailed(
                        "HTTP " + status + " from " + where + ": redirect to " + location(answer) + " not followed");
            }
            throw new SendFailed("HTTP " + status + " from " + where);
        } catch (SocketTimeoutException e) {
            throw new SendFailed("no answer from " + where + " within " + timeout.toMillis() + " ms");
        } catch (IOException e) {
            if (expired.get()) {
                throw new SendFailed("no complete answer from " + where + " within " + timeout.toMillis() + " ms");
            }
            throw new SendFailed("webhook exchange with " + where + " failed: " + e.getMessage());
        } finally {
            deadline.cancel(false);
        }
    }

    /** Reads the status line and headers (up to the blank line), at most {@link #MAX_HEAD} bytes. */
    private static String head(InputStream in) throws IOException, SendFailed {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        int c;
        while ((c = in.read()) >= 0) {
            b.write(c);
            if (b.size() > MAX_HEAD) {
                throw new SendFailed("answer head longer than " + MAX_HEAD + " bytes");
            }
            byte[] x = b.toByteArray();
            int n = x.length;
            if (n >= 4 && x[n - 4] == '\r' && x[n - 3] == '\n' && x[n - 2] == '\r' && x[n - 1] == '\n') {
                break;
            }
        }
        return b.toString(StandardCharsets.ISO_8859_1);
    }

    private static int status(String head) throws SendFailed {
        String[] parts = head.split(" ", 3);
        if (parts.length < 2 || !parts[0].startsWith("HTTP/")) {
            throw new SendFailed("not an HTTP answer");
        }
        try {
            return Integer.parseInt(parts[1].strip());
        } catch (NumberFormatException e) {
            throw new SendFailed("not an HTTP answer");
        }
    }

    private static String location(String head) {
        for (String line : head.split("\r\n")) {
            if (line.toLowerCase(Locale.ROOT).startsWith("location:")) {
                String l = line.substring(9).strip();
                return l.length() > 200 ? l.substring(0, 200) : l;
            }
        }
        return "(no Location)";
    }

    /** Hex HMAC-SHA256 of {@code data} under {@code secret}. */
    static String sign(String secret, String data) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal(data.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
        }
    }

    private static boolean literal(String host) {
        return host.startsWith("[") || host.matches("\\d{1,3}(\\.\\d{1,3}){3}");
    }

    private static String bare(String host) {
        return host.startsWith("[") ? host.substring(1, host.length() - 1) : host;
    }

    private static List<InetAddress> resolve(DnsClient dns, String host) throws SendFailed {
        List<InetAddress> out = new ArrayList<>();
        for (int type : new int[] {Type.A, Type.AAAA}) {
            DnsAnswer a = dns.lookup(host, type);
            out.addAll(a.addresses());
        }
        if (out.isEmpty()) {
            throw new SendFailed("webhook host " + host + " has no address");
        }
        return out;
    }
}
