package dev.mailward.probe;

import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.time.Instant;
import java.util.Optional;

/**
 * The raw socket input with the session's bounds applied to every read: the per-read timeout,
 * never past the session deadline, and the byte budget. TLS reads go through it too, so a stalled
 * handshake ends like a stalled greeting. The first bound hit is remembered because TLS libraries
 * may wrap the exception.
 */
final class MeteredInput extends InputStream {

    private final Socket socket;
    private final InputStream in;
    private final SessionLimits limits;
    private final Instant deadline;
    private long bytes;
    private volatile String failure;

    MeteredInput(Socket socket, SessionLimits limits, Instant deadline) throws IOException {
        this.socket = socket;
        this.in = socket.getInputStream();
        this.limits = limits;
        this.deadline = deadline;
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        int n = read(one, 0, 1);
        return n < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        long remaining = deadline.toEpochMilli() - System.currentTimeMillis();
        if (remaining <= 0) {
            throw fail("session deadline reached");
        }
        long timeout = Math.min(limits.readTimeout().toMillis(), remaining);
        socket.setSoTimeout((int) Math.max(1, timeout));
        long budget = limits.maxBytes() - bytes;
        if (budget <= 0) {
            throw fail("server sent more than " + limits.maxBytes() + " bytes (session limit)");
        }
        int n;
        try {
            n = in.read(b, off, (int) Math.min(len, budget + 1));
        } catch (SocketTimeoutException e) {
            // a timeout shortened to the time left is the deadline's doing, however the clock reads now
            if (remaining <= limits.readTimeout().toMillis() || !Instant.now().isBefore(deadline)) {
                throw fail("session deadline reached");
            }
            throw fail("server silent for " + timeout + " ms (read timeout)");
        } catch (SocketException e) {
            String m = String.valueOf(e.getMessage());
            throw fail(
                    m.toLowerCase().contains("reset") ? "connection reset by the server" : "connection failed: " + m);
        }
        if (n > 0) {
            bytes += n;
            if (bytes > limits.maxBytes()) {
                throw fail("server sent more than " + limits.maxBytes() + " bytes (session limit)");
            }
        }
        return n;
    }

    private ProbeAbort fail(String reason) {
        if (failure == null) {
            failure = reason;
        }
        return new ProbeAbort(reason);
    }

    Optional<String> failure() {
        return Optional.ofNullable(failure);
    }

    long bytes() {
        return bytes;
    }
}
