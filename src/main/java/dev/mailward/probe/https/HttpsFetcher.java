package dev.mailward.probe.https;

import dev.mailward.dns.AddressText;
import dev.mailward.dns.DnsAnswer;
import dev.mailward.probe.TargetPolicy;
import dev.mailward.probe.TrustStores;
import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.cert.CertPathValidatorException;
import java.security.cert.CertificateException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Pattern;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;
import org.xbill.DNS.Type;

/**
 * A bounded HTTPS GET over HTTP/1.1, for small policy documents such as the MTA-STS policy
 * (RFC 8461 §3.3). The host is resolved through the caller's resolver (never the JVM's), every
 * address is screened by the {@link TargetPolicy} before any packet is sent, the certificate is
 * validated against the configured trust anchors with the host name (SNI and RFC 6125 name
 * check), redirects are reported and never followed, and sizes and times are bounded: header
 * lines and bytes, body bytes, a per-read timeout and one deadline for the whole exchange.
 *
 * <p>Immutable and thread-safe. Never throws for network or protocol trouble: that is the
 * {@link HttpsResult#outcome()} with a reason.
 */
public final class HttpsFetcher {

    /** Resolves one name and type; {@code DnsSession::lookup} or {@code Dns::lookup}. */
    @FunctionalInterface
    public interface Resolver {
        DnsAnswer lookup(String name, int type);
    }

    /**
     * Bounds of one fetch.
     *
     * @param maxBodyBytes largest body accepted (after de-chunking)
     * @param maxHeaderLines most header lines accepted (status line excluded)
     * @param maxHeaderBytes most bytes of status line plus headers
     * @param connectTimeout per-address TCP connect timeout
     * @param readTimeout per-read timeout
     * @param maxAddresses most addresses tried
     */
    public record Limits(
            int maxBodyBytes,
            int maxHeaderLines,
            int maxHeaderBytes,
            Duration connectTimeout,
            Duration readTimeout,
            int maxAddresses) {

        /** For MTA-STS policies: 64 KiB body (RFC 8461 §3.3 suggests this cap), 100 header lines / 8 KiB, 5 s timeouts. */
        public static Limits mtaSts() {
            return new Limits(64 * 1024, 100, 8 * 1024, Duration.ofSeconds(5), Duration.ofSeconds(5), 4);
        }

        public Limits withReadTimeout(Duration timeout) {
            return new Limits(maxBodyBytes, maxHeaderLines, maxHeaderBytes, connectTimeout, timeout, maxAddresses);
        }

        public Limits withMaxBodyBytes(int bytes) {
            return new Limits(bytes, maxHeaderLines, maxHeaderBytes, connectTimeout, readTimeout, maxAddresses);
        }
    }

    private static final String X25519 = "x25519";

    /** The User-Agent sent with every request. */
    public static final String USER_AGENT = "Mailward";

    private static final Pattern HOST = Pattern.compile(
            "(?=.{1,253}$)[A-Za-z0-9_](?:[A-Za-z0-9_-]{0,61}[A-Za-z0-9])?(?:\\.[A-Za-z0-9_](?:[A-Za-z0-9_-]{0,61}[A-Za-z0-9])?)*\\.?");
    private static final Pattern PATH = Pattern.compile("/[A-Za-z0-9\\-._~!$&'()*+,;=:@/%?]*");
    private static final Pattern STATUS_LINE = Pattern.compile("HTTP/1\\.[01] ([0-9]{3})(?: .*)?");
    private static final Pattern TOKEN = Pattern.compile("[!#$%&'*+\\-.^_`|~0-9A-Za-z]+");
    private static final Pattern DIGITS_AND_DOTS = Pattern.compile("[0-9.]+");
    private static final Pattern CONTENT_LENGTH = Pattern.compile("[0-9]{1,12}");
    private static final Pattern CHUNK_SIZE = Pattern.compile("[0-9A-Fa-f]{1,8}");
    private static final int MAX_CHUNK_LINE = 1024;

    /** Closes sockets whose exchange outlives its deadline (a server dribbling bytes defeats per-read timeouts). */
    private static final ScheduledExecutorService WATCHDOG = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "mailward-https-deadline");
        t.setDaemon(true);
        return t;
    });

    private final TargetPolicy policy;
    private final SSLSocketFactory sockets;
    /**
     * The key-exchange groups of a first ClientHello: X25519 alone when this JDK enables it, else
     * null (the JDK's list). The JDK's own list makes it compute two key shares, X25519 and
     * P-256, of which a server uses one (nearly always X25519); a P-256 key pair costs more than
     * the whole X25519 exchange, a tenth of a handshake's CPU. A server that does not take X25519
     * is asked again with the JDK's list (see {@link #groupsRejected}), like a client whose share
     * a server answers with a HelloRetryRequest.
     */
    private final String[] firstGroups;

    /**
     * Trust managers by CA bundle (file, modification time and size, so an edited bundle is read
     * again): parsing a bundle costs more than a policy fetch, and a bulk run would otherwise pay
     * it per domain. Each fetcher still gets its own SSLContext, so no TLS session is ever resumed
     * and every fetch validates the certificate it is shown. Few entries; cleared when it grows.
     */
    private static final ConcurrentHashMap<TrustKey, X509TrustManager> TRUST = new ConcurrentHashMap<>();

    private static final int MAX_TRUST_ENTRIES = 16;

    private record TrustKey(Optional<Path> bundle, long modifiedMillis, long size) {}

    public HttpsFetcher(TargetPolicy policy, X509TrustManager trust) {
        this.policy = policy;
        try {
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(null, new TrustManager[] {trust}, null);
            this.sockets = ctx.getSocketFactory();
            String[] enabled = ctx.getDefaultSSLParameters().getNamedGroups();
            this.firstGroups =
                    enabled != null && enabled.length > 1 && List.of(enabled).contains(X25519)
                            ? new String[] {X25519}
                            : null;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("TLS is not available: " + e.getMessage(), e);
        }
    }

    /**
     * A fetcher trusting the CAs of {@code caBundle} (PEM), or the JDK's when empty. The bundle is
     * loaded once per file version and shared by the fetchers created for it.
     *
     * @throws IllegalArgumentException naming the file when the bundle cannot be loaded
     */
    public static HttpsFetcher create(TargetPolicy policy, Optional<Path> caBundle) {
        TrustKey key;
        try {
            key = caBundle.isEmpty()
                    ? new TrustKey(caBundle, 0, 0)
                    : new TrustKey(
                            caBundle, Files.getLastModifiedTime(caBundle.get()).toMillis(), Files.size(caBundle.get()));
        } catch (IOException e) {
            return new HttpsFetcher(policy, TrustStores.trustManager(caBundle)); // names the file in its error
        }
        X509TrustManager trust = TRUST.get(key);
        if (trust == null) {
            trust = TrustStores.trustManager(caBundle);
            if (TRUST.size() >= MAX_TRUST_ENTRIES) {
                TRUST.clear();
            }
            TRUST.putIfAbsent(key, trust);
        }
        return new HttpsFetcher(policy, trust);
    }

    /**
     * GET {@code https://host[:port]path}.
     *
     * @param resolver resolves the host's A and AAAA records
     * @param host a DNS host name (not an IP literal: the certificate is checked against it)
     * @param port the TCP port, normally 443
     * @param path absolute path, e.g. {@code /.well-known/mta-sts.txt}
     */
    public HttpsResult get(Resolver resolver, String host, int port, String path, Limits limits, Instant deadline) {
        String url = "https://" + host + (port == 443 ? "" : ":" + port) + path;
        List<String> notes = new ArrayList<>();
        if (!HOST.matcher(host).matches() || DIGITS_AND_DOTS.matcher(host).matches()) {
            return failure(
                    url,
                    HttpsOutcome.PROTOCOL_ERROR,
                    Optional.empty(),
                    "'" + clip(host) + "' is not a host name",
                    notes);
        }
        if (!PATH.matcher(path).matches()) {
            return failure(
                    url,
                    HttpsOutcome.PROTOCOL_ERROR,
                    Optional.empty(),
                    "'" + clip(path) + "' is not an absolute path",
                    notes);
        }
        if (port < 1 || port > 65535) {
            return failure(url, HttpsOutcome.PROTOCOL_ERROR, Optional.empty(), "port " + port + " out of range", notes);
        }

        // Resolve through the caller's resolver only (DESIGN.md: never the JVM resolver).
        DnsAnswer a = resolver.lookup(host, Type.A);
        DnsAnswer aaaa = resolver.lookup(host, Type.AAAA);
        List<InetAddress> addresses = new ArrayList<>();
        addresses.addAll(a.addresses());
        addresses.addAll(aaaa.addresses());
        if (addresses.isEmpty()) {
            if (a.isFailure() || aaaa.isFailure()) {
                DnsAnswer failed = a.isFailure() ? a : aaaa;
                return failure(
                        url,
                        HttpsOutcome.DNS_ERROR,
                        Optional.empty(),
                        "resolving " + host + " " + failed.type() + " failed: " + failed.outcome()
                                + failed.error().map(e -> " (" + e + ")").orElse(""),
                        notes);
            }
            return failure(
                    url,
                    HttpsOutcome.NO_ADDRESS,
                    Optional.empty(),
                    host + " has no A or AAAA record (" + a.outcome() + "/" + aaaa.outcome() + ")",
                    notes);
        }

        List<InetAddress> allowed = new ArrayList<>();
        for (InetAddress addr : addresses) {
            Optional<String> refusal = policy.refusal(addr);
            if (refusal.isPresent()) {
                notes.add("refused " + AddressText.of(addr) + ": " + refusal.get());
            } else if (allowed.size() < limits.maxAddresses()) {
                allowed.add(addr);
            }
        }
        if (allowed.isEmpty()) {
            return failure(
                    url,
                    HttpsOutcome.REFUSED_BY_POLICY,
                    Optional.empty(),
                    "not contacted: " + String.join("; ", notes),
                    notes);
        }

        HttpsResult last = null;
        for (InetAddress addr : allowed) {
            if (!Instant.now().isBefore(deadline)) {
                return failure(
                        url,
                        HttpsOutcome.TIMEOUT,
                        Optional.of(AddressText.of(addr)),
                        "deadline passed before connecting to " + AddressText.of(addr),
                        notes);
            }
            try {
                last = exchange(url, host, port, path, addr, limits, deadline, notes, firstGroups);
            } catch (GroupsRejected e) {
                notes.add(
                        "TLS handshake with " + host + " at " + AddressText.of(addr) + " offering X25519 only failed: "
                                + e.getMessage() + "; asked again with all key-exchange groups");
                last = exchange(url, host, port, path, addr, limits, deadline, notes, null);
            }
            if (last.outcome() != HttpsOutcome.CONNECT_FAILED) {
                return last;
            }
            notes.add(last.error().orElse("connect to " + AddressText.of(addr) + " failed"));
        }
        return last;
    }

    private HttpsResult exchange(
            String url,
            String host,
            int port,
            String path,
            InetAddress addr,
            Limits limits,
            Instant deadline,
            List<String> notes,
            String[] groups) {
        Optional<String> where = Optional.of(AddressText.of(addr));
        AtomicBoolean expired = new AtomicBoolean();
        Socket raw = new Socket();
        long remaining = Duration.between(Instant.now(), deadline).toMillis();
        ScheduledFuture<?> watchdog = WATCHDOG.schedule(
                () -> {
                    expired.set(true);
                    closeQuietly(raw);
                },
                Math.max(1, remaining),
                TimeUnit.MILLISECONDS);
        Stage stage = Stage.CONNECT;
        try {
            int connectMs = (int) Math.max(1, Math.min(limits.connectTimeout().toMillis(), remaining));
            raw.connect(new InetSocketAddress(addr, port), connectMs);
            raw.setSoTimeout((int) Math.max(1, Math.min(limits.readTimeout().toMillis(), Integer.MAX_VALUE)));
            stage = Stage.TLS;
            SSLSocket tls = (SSLSocket) sockets.createSocket(raw, host, port, true);
            SSLParameters params = tls.getSSLParameters();
            String sniName = host.endsWith(".") ? host.substring(0, host.length() - 1) : host;
            params.setServerNames(List.of(new SNIHostName(sniName)));
            // RFC 8461 §3.3 requires a valid certificate for the policy host: chain and name (RFC 6125).
            params.setEndpointIdentificationAlgorithm("HTTPS");
            if (groups != null) {
                params.setNamedGroups(groups);
            }
            tls.setSSLParameters(params);
            tls.startHandshake();
            stage = Stage.HTTP;
            OutputStream out = tls.getOutputStream();
            String request = "GET " + path + " HTTP/1.1\r\n"
                    + "Host: " + sniName + (port == 443 ? "" : ":" + port) + "\r\n"
                    + "User-Agent: " + USER_AGENT + "\r\n"
                    + "Accept: */*\r\n"
                    + "Connection: close\r\n\r\n";
            out.write(request.getBytes(StandardCharsets.US_ASCII));
            out.flush();
            return readResponse(url, where, new BufferedInputStream(tls.getInputStream()), limits, notes);
        } catch (SocketTimeoutException e) {
            return failure(
                    url,
                    HttpsOutcome.TIMEOUT,
                    where,
                    stage.what + " " + AddressText.of(addr) + ": no data within the "
                            + limits.readTimeout().toMillis() + " ms read timeout",
                    notes);
        } catch (ConnectException e) {
            return failure(
                    url,
                    HttpsOutcome.CONNECT_FAILED,
                    where,
                    "connect to " + AddressText.of(addr) + ":" + port + " failed: " + e.getMessage(),
                    notes);
        } catch (IOException | IllegalArgumentException e) {
            if (expired.get()) {
                return failure(
                        url,
                        HttpsOutcome.TIMEOUT,
                        where,
                        stage.what + " " + AddressText.of(addr) + ": deadline reached",
                        notes);
            }
            if (stage == Stage.CONNECT) {
                return failure(
                        url,
                        HttpsOutcome.CONNECT_FAILED,
                        where,
                        "connect to " + AddressText.of(addr) + ":" + port + " failed: " + e.getMessage(),
                        notes);
            }
            if (stage == Stage.TLS
                    && groups != null
                    && e instanceof SSLException ssl
                    && groupsRejected(ssl)
                    && Instant.now().isBefore(deadline)) {
                throw new GroupsRejected(rootMessage(e));
            }
            if (stage == Stage.TLS && (e instanceof SSLException || e instanceof IllegalArgumentException)) {
                return failure(
                        url,
                        HttpsOutcome.TLS_FAILED,
                        where,
                        "TLS handshake with " + host + " at " + AddressText.of(addr) + " failed: " + rootMessage(e),
                        notes);
            }
            return failure(
                    url,
                    HttpsOutcome.PROTOCOL_ERROR,
                    where,
                    stage.what + " " + AddressText.of(addr) + " failed: " + rootMessage(e),
                    notes);
        } finally {
            watchdog.cancel(false);
            closeQuietly(raw);
        }
    }

    /**
     * Whether a handshake offering X25519 alone may have failed for that: servers without X25519
     * answer with an alert (handshake_failure from OpenSSL, unexpected_message from the JDK, others
     * vary) or hang up. Any failure but a certificate the client rejects qualifies; asking again
     * costs one handshake with a host that is failing anyway.
     */
    static boolean groupsRejected(SSLException e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof CertificateException || t instanceof CertPathValidatorException) {
                return false;
            }
        }
        return true;
    }

    /**
     * The server turned down a ClientHello with narrowed key-exchange groups (never thrown for the
     * JDK's own list); ask again with the JDK's.
     */
    private static final class GroupsRejected extends RuntimeException {
        GroupsRejected(String message) {
            super(message, null, false, false);
        }
    }

    private enum Stage {
        CONNECT("connecting to"),
        TLS("TLS handshake with"),
        HTTP("HTTP exchange with");

        final String what;

        Stage(String what) {
            this.what = what;
        }
    }

    /** Thrown inside the reader for a bound or syntax violation; becomes PROTOCOL_ERROR. */
    private static final class Violation extends IOException {
        Violation(String message) {
            super(message);
        }
    }

    private HttpsResult readResponse(
            String url, Optional<String> where, InputStream in, Limits limits, List<String> notes) throws IOException {
        int[] headerBudget = {limits.maxHeaderBytes()};
        String statusLine;
        List<String> headers = new ArrayList<>();
        try {
            statusLine = readLine(in, headerBudget, "status line");
        } catch (EOFException e) {
            return failure(url, HttpsOutcome.PROTOCOL_ERROR, where, "connection closed before a status line", notes);
        } catch (Violation v) {
            return failure(url, HttpsOutcome.PROTOCOL_ERROR, where, v.getMessage(), notes);
        }
        var m = STATUS_LINE.matcher(statusLine);
        if (!m.matches()) {
            return failure(
                    url,
                    HttpsOutcome.PROTOCOL_ERROR,
                    where,
                    "malformed status line '" + clip(escape(statusLine)) + "'",
                    notes);
        }
        int status = Integer.parseInt(m.group(1));
        try {
            readHeaders(in, headers, headerBudget, limits.maxHeaderLines());
        } catch (EOFException e) {
            return new HttpsResult(
                    url,
                    HttpsOutcome.PROTOCOL_ERROR,
                    where,
                    status,
                    headers,
                    new byte[0],
                    Optional.of("connection closed inside the headers"),
                    notes);
        } catch (Violation v) {
            return new HttpsResult(
                    url,
                    HttpsOutcome.PROTOCOL_ERROR,
                    where,
                    status,
                    headers,
                    new byte[0],
                    Optional.of(v.getMessage()),
                    notes);
        }

        HttpsResult partial = new HttpsResult(
                url, HttpsOutcome.RESPONSE, where, status, headers, new byte[0], Optional.empty(), notes);
        if (status < 200 || status == 204 || status == 304) {
            return partial; // RFC 9112 §6.3: these responses have no content
        }
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        int max = limits.maxBodyBytes();
        try {
            Optional<String> te = partial.header("Transfer-Encoding");
            Optional<String> cl = contentLength(headers);
            if (te.isPresent() && te.get().toLowerCase(Locale.ROOT).strip().endsWith("chunked")) {
                if (!readChunked(in, body, max, headerBudget, limits.maxHeaderLines())) {
                    return tooLarge(url, where, status, headers, body, max, notes);
                }
            } else if (te.isEmpty() && cl.isPresent()) {
                long length = Long.parseLong(cl.get());
                if (length > max) {
                    return tooLarge(url, where, status, headers, body, max, notes);
                }
                byte[] buf = in.readNBytes((int) length);
                body.write(buf);
                if (buf.length < length) {
                    return new HttpsResult(
                            url,
                            HttpsOutcome.PROTOCOL_ERROR,
                            where,
                            status,
                            headers,
                            body.toByteArray(),
                            Optional.of("body ended after " + buf.length + " of " + length + " bytes (Content-Length)"),
                            notes);
                }
            } else {
                // RFC 9112 §6.3: without length, the body runs to the end of the connection.
                byte[] buf = in.readNBytes(max + 1);
                if (buf.length > max) {
                    body.write(buf, 0, max);
                    return tooLarge(url, where, status, headers, body, max, notes);
                }
                body.write(buf);
            }
        } catch (Violation v) {
            return new HttpsResult(
                    url,
                    HttpsOutcome.PROTOCOL_ERROR,
                    where,
                    status,
                    headers,
                    body.toByteArray(),
                    Optional.of(v.getMessage()),
                    notes);
        } catch (EOFException e) {
            return new HttpsResult(
                    url,
                    HttpsOutcome.PROTOCOL_ERROR,
                    where,
                    status,
                    headers,
                    body.toByteArray(),
                    Optional.of("connection closed inside the chunked body"),
                    notes);
        }
        return new HttpsResult(
                url, HttpsOutcome.RESPONSE, where, status, headers, body.toByteArray(), Optional.empty(), notes);
    }

    private static HttpsResult tooLarge(
            String url,
            Optional<String> where,
            int status,
            List<String> headers,
            ByteArrayOutputStream body,
            int max,
            List<String> notes) {
        return new HttpsResult(
                url,
                HttpsOutcome.BODY_TOO_LARGE,
                where,
                status,
                headers,
                body.toByteArray(),
                Optional.of("body larger than the " + max + "-byte limit"),
                notes);
    }

    private static Optional<String> contentLength(List<String> headers) throws Violation {
        String value = null;
        for (String h : headers) {
            if (h.regionMatches(true, 0, "content-length:", 0, 15)) {
                String v = h.substring(15).strip();
                if (!CONTENT_LENGTH.matcher(v).matches()) {
                    throw new Violation("invalid Content-Length '" + clip(escape(v)) + "'");
                }
                if (value != null && !value.equals(v)) {
                    throw new Violation("conflicting Content-Length values " + value + " and " + v);
                }
                value = v;
            }
        }
        return Optional.ofNullable(value);
    }

    private static void readHeaders(InputStream in, List<String> headers, int[] budget, int maxLines)
            throws IOException {
        while (true) {
            String line = readLine(in, budget, "header");
            if (line.isEmpty()) {
                return;
            }
            if (headers.size() >= maxLines) {
                throw new Violation("more than " + maxLines + " header lines");
            }
            if (line.charAt(0) == ' ' || line.charAt(0) == '\t') {
                throw new Violation("folded header line '" + clip(escape(line)) + "' (obsolete, RFC 9112 §5.2)");
            }
            int colon = line.indexOf(':');
            if (colon <= 0 || !TOKEN.matcher(line.substring(0, colon)).matches()) {
                throw new Violation("malformed header line '" + clip(escape(line)) + "'");
            }
            headers.add(escape(line));
        }
    }

    /** De-chunks into {@code body}; false when the body exceeds {@code max}. RFC 9112 §7.1. */
    private static boolean readChunked(
            InputStream in, ByteArrayOutputStream body, int max, int[] trailerBudget, int maxTrailerLines)
            throws IOException {
        while (true) {
            int[] lineBudget = {MAX_CHUNK_LINE};
            String sizeLine = readLine(in, lineBudget, "chunk size");
            String hex = sizeLine.split(";", 2)[0].strip();
            if (!CHUNK_SIZE.matcher(hex).matches()) {
                throw new Violation("invalid chunk size '" + clip(escape(sizeLine)) + "'");
            }
            long size = Long.parseLong(hex, 16);
            if (size == 0) {
                readHeaders(in, new ArrayList<>(), trailerBudget, maxTrailerLines); // trailers, discarded
                return true;
            }
            if (body.size() + size > max) {
                byte[] part = in.readNBytes((int) Math.min(size, max - body.size()));
                body.write(part);
                return false;
            }
            byte[] chunk = in.readNBytes((int) size);
            if (chunk.length < size) {
                throw new EOFException();
            }
            body.write(chunk);
            int[] crlfBudget = {2};
            if (!readLine(in, crlfBudget, "chunk end").isEmpty()) {
                throw new Violation("chunk not followed by CRLF");
            }
        }
    }

    /**
     * Reads one line ending in LF (CR before it dropped), charging its bytes to {@code budget}.
     * ISO-8859-1 so that every octet survives for the evidence.
     */
    private static String readLine(InputStream in, int[] budget, String what) throws IOException {
        StringBuilder sb = new StringBuilder();
        while (true) {
            int b = in.read();
            if (b < 0) {
                throw new EOFException();
            }
            if (--budget[0] < 0) {
                throw new Violation(what + " exceeds the byte limit");
            }
            if (b == '\n') {
                int n = sb.length();
                if (n > 0 && sb.charAt(n - 1) == '\r') {
                    sb.setLength(n - 1);
                }
                return sb.toString();
            }
            sb.append((char) b);
        }
    }

    private static HttpsResult failure(
            String url, HttpsOutcome outcome, Optional<String> address, String error, List<String> notes) {
        return new HttpsResult(url, outcome, address, 0, List.of(), new byte[0], Optional.of(error), notes);
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        String msg = e.getMessage();
        for (int i = 0; i < 8 && t.getCause() != null; i++) {
            t = t.getCause();
            if (t.getMessage() != null) {
                msg = t.getMessage();
            }
        }
        return msg == null ? e.getClass().getSimpleName() : msg;
    }

    /** Control characters as \xNN: header text is kept verbatim otherwise (it is data, rendered escaped). */
    static String escape(String s) {
        StringBuilder sb = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 0x20 && c != '\t' || c == 0x7f) {
                sb.append(String.format("\\x%02X", (int) c));
            } else {
                sb.append(c);
            }
        }
        return sb.toString();
    }

    private static String clip(String s) {
        return s.length() <= 120 ? s : s.substring(0, 117) + "...";
    }

    private static void closeQuietly(Socket s) {
        try {
            s.close();
        } catch (IOException ignored) {
            // closing is best effort
        }
    }
}
