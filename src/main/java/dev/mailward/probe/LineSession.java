package dev.mailward.probe;

import dev.mailward.dns.AddressText;
import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.bouncycastle.tls.AlertDescription;
import org.bouncycastle.tls.TlsClientProtocol;
import org.bouncycastle.tls.TlsFatalAlert;
import org.bouncycastle.tls.TlsFatalAlertReceived;

/**
 * One bounded line-oriented session with a mail server: connect, read lines, send commands (one
 * at a time: the dialects never pipeline), switch to TLS in place. Every read inherits the
 * session deadline; every line and event goes to the transcript. Not thread-safe.
 */
final class LineSession implements Closeable {

    private final Socket socket;
    private final SessionLimits limits;
    private final Transcript transcript;
    private final MeteredInput meter;
    private InputStream in;
    private OutputStream out;
    private TlsClientProtocol tls;
    private String step = "waiting for the greeting";

    private LineSession(Socket socket, SessionLimits limits, Instant deadline, Transcript transcript)
            throws IOException {
        this.socket = socket;
        this.limits = limits;
        this.transcript = transcript;
        this.meter = new MeteredInput(socket, limits, deadline);
        this.in = meter;
        this.out = socket.getOutputStream();
    }

    /** Connects within the connect timeout and the deadline; the socket is closed on any failure. */
    static LineSession open(
            InetAddress address, int port, SessionLimits limits, Instant deadline, Transcript transcript)
            throws ProbeAbort {
        String where = AddressText.of(address) + " port " + port;
        long remaining = deadline.toEpochMilli() - System.currentTimeMillis();
        if (remaining <= 0) {
            throw new ProbeAbort("deadline reached before connecting to " + where);
        }
        int timeout = (int) Math.max(1, Math.min(limits.connectTimeout().toMillis(), remaining));
        Socket s = new Socket();
        try {
            transcript.event("connect " + where);
            s.connect(new InetSocketAddress(address, port), timeout);
            s.setTcpNoDelay(true);
            return new LineSession(s, limits, deadline, transcript);
        } catch (SocketTimeoutException e) {
            closeQuietly(s);
            throw abort(transcript, "connect to " + where + " timed out after " + timeout + " ms");
        } catch (ConnectException e) {
            closeQuietly(s);
            throw abort(transcript, "connection to " + where + " refused: " + e.getMessage());
        } catch (IOException e) {
            closeQuietly(s);
            throw abort(transcript, "cannot connect to " + where + ": " + e.getMessage());
        }
    }

    private static ProbeAbort abort(Transcript t, String reason) {
        t.event(reason);
        return new ProbeAbort(reason);
    }

    /** Names what the session is doing, for "while ..." in failure reasons. */
    void step(String what) {
        this.step = what;
    }

    String step() {
        return step;
    }

    Transcript transcript() {
        return transcript;
    }

    SessionLimits limits() {
        return limits;
    }

    /** Reads one line (CRLF or LF), escaped; fails on EOF, over-long lines and every bound. */
    String readLine() throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream(128);
        while (true) {
            int b = in.read();
            if (b < 0) {
                throw new ProbeAbort(
                        line.size() == 0
                                ? "server closed the connection"
                                : "server closed the connection in the middle of a line");
            }
            if (b == '\n') {
                break;
            }
            if (line.size() >= limits.maxLineLength()) {
                String partial = Transcript.escape(line.toByteArray(), Math.min(line.size(), 60));
                transcript.add("S", partial + "...");
                throw new ProbeAbort(
                        "line longer than " + limits.maxLineLength() + " bytes (starts '" + partial + "')");
            }
            line.write(b);
        }
        byte[] bytes = line.toByteArray();
        int len = bytes.length > 0 && bytes[bytes.length - 1] == '\r' ? bytes.length - 1 : bytes.length;
        String text = Transcript.escape(bytes, len);
        transcript.add("S", text);
        return text;
    }

    /**
     * After QUIT/LOGOUT, waits briefly for the server to close first (RFC 5321 §4.1.1.10: the
     * receiver closes after its 221), so that the next session to the same address starts only
     * once this one has ended on both sides. Bounded by {@code max} and 4 KiB; never fails.
     */
    void awaitServerClose(java.time.Duration max) {
        try {
            long until = System.currentTimeMillis() + max.toMillis();
            for (int n = 0; n < 4096; n++) {
                long left = until - System.currentTimeMillis();
                if (left <= 0) {
                    return;
                }
                socket.setSoTimeout((int) left);
                int b = (tls != null ? tls.getInputStream() : socket.getInputStream()).read();
                if (b < 0) {
                    return;
                }
            }
        } catch (IOException | RuntimeException ignored) {
            // a reset or a timeout ends the wait just as well
        }
    }

    /** Sends one command line and flushes it. */
    void send(String line) throws IOException {
        transcript.add("C", Transcript.escape(line));
        out.write((line + "\r\n").getBytes(StandardCharsets.US_ASCII));
        out.flush();
    }

    /**
     * Runs a TLS handshake on this connection (after STARTTLS, or at once for implicit TLS),
     * offering exactly {@code versions}; afterwards lines are read and written through TLS.
     */
    TlsHandshake startTls(List<TlsVersion> versions, String serverName) throws TlsAttemptFailed {
        transcript.event("TLS handshake offering "
                + versions.stream().map(TlsVersion::label).toList());
        ProbeTlsClient client = new ProbeTlsClient(versions, serverName);
        TlsClientProtocol protocol = new TlsClientProtocol(meter, out);
        try {
            protocol.connect(client);
        } catch (IOException | RuntimeException e) {
            TlsAttemptFailed failed = classify(e, client);
            transcript.event("TLS handshake failed: " + failed.getMessage());
            throw failed;
        }
        this.tls = protocol;
        this.in = protocol.getInputStream();
        this.out = protocol.getOutputStream();
        TlsHandshake h = client.handshake();
        transcript.event("TLS established: " + h.version().label() + " " + h.cipherSuite()
                + h.group().map(g -> " group " + g).orElse("") + ", "
                + h.chain().size() + (h.chain().size() == 1 ? " certificate" : " certificates"));
        return h;
    }

    /** A failed handshake: refused by the server, or ended by a bound (not testable). */
    static final class TlsAttemptFailed extends IOException {
        final boolean refused;

        TlsAttemptFailed(boolean refused, String message) {
            super(message);
            this.refused = refused;
        }
    }

    private TlsAttemptFailed classify(Throwable e, ProbeTlsClient client) {
        Optional<String> bound = meter.failure();
        if (bound.isPresent()) {
            boolean closed = bound.get().startsWith("connection reset");
            // a reset during the handshake is how many servers refuse a version they do not speak
            return new TlsAttemptFailed(closed, bound.get() + " during the TLS handshake");
        }
        if (e instanceof TlsFatalAlertReceived r) {
            return new TlsAttemptFailed(true, "server sent alert " + AlertDescription.getText(r.getAlertDescription()));
        }
        if (client.alertReceived().isPresent()) {
            return new TlsAttemptFailed(
                    true, "server sent alert " + client.alertReceived().get());
        }
        if (e instanceof TlsFatalAlert a) {
            return new TlsAttemptFailed(
                    true,
                    "handshake failed: " + AlertDescription.getText(a.getAlertDescription())
                            + (a.getMessage() != null ? " (" + a.getMessage() + ")" : ""));
        }
        if (e instanceof java.io.EOFException || String.valueOf(e.getMessage()).contains("closed")) {
            return new TlsAttemptFailed(true, "server closed the connection during the TLS handshake");
        }
        return new TlsAttemptFailed(
                true, "TLS handshake failed: " + e.getClass().getSimpleName() + " " + e.getMessage());
    }

    /** Why the session failed, preferring the bound that was hit over wrapped exceptions. */
    String reason(Throwable e) {
        String base = meter.failure()
                .orElseGet(() -> e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage());
        return base + " while " + step;
    }

    boolean secure() {
        return tls != null;
    }

    @Override
    public void close() {
        if (tls != null) {
            try {
                tls.close();
            } catch (IOException | RuntimeException ignored) {
                // the socket is closed below anyway
            }
        }
        closeQuietly(socket);
        transcript.event("closed (" + meter.bytes() + " bytes received)");
    }

    private static void closeQuietly(Socket s) {
        try {
            s.close();
        } catch (IOException ignored) {
            // nothing more to release
        }
    }
}
