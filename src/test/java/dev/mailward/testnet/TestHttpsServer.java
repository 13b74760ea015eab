package dev.mailward.testnet;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLServerSocket;

/**
 * A real HTTPS server on 127.0.0.1 (ephemeral port) for tests: TLS with a {@link TestPki}
 * identity, one handler writing raw HTTP/1.1 bytes, so that tests control every byte (chunked
 * bodies, oversized bodies, stalls). Each connection is served on its own virtual thread.
 */
public final class TestHttpsServer implements AutoCloseable {

    /** Writes the raw response for one request; {@code requestHead} is the request line and headers. */
    @FunctionalInterface
    public interface Handler {
        void handle(String requestHead, OutputStream out, TestHttpsServer server)
                throws IOException, InterruptedException;
    }

    private final SSLServerSocket socket;
    private final Handler handler;
    private final List<String> requests = new CopyOnWriteArrayList<>();
    private final CountDownLatch closed = new CountDownLatch(1);
    private final AtomicInteger connections = new AtomicInteger();

    public TestHttpsServer(TestPki.Identity identity, Handler handler) throws IOException {
        this(identity, handler, (String[]) null);
    }

    /** A server accepting only the given TLS key-exchange groups (e.g. {@code secp256r1}), or the JDK's when null. */
    public TestHttpsServer(TestPki.Identity identity, Handler handler, String... namedGroups) throws IOException {
        this.handler = handler;
        this.socket = (SSLServerSocket) identity.serverContext()
                .getServerSocketFactory()
                .createServerSocket(0, 16, InetAddress.getLoopbackAddress());
        if (namedGroups != null) {
            SSLParameters params = socket.getSSLParameters();
            params.setNamedGroups(namedGroups);
            socket.setSSLParameters(params);
        }
        Thread.ofVirtual().name("test-https-accept").start(this::acceptLoop);
    }

    /** A handler answering every request with {@code status}, the given headers and body (Content-Length set). */
    public static Handler respond(int status, String contentType, String body, String... extraHeaders) {
        return (head, out, server) -> {
            byte[] b = body.getBytes(StandardCharsets.UTF_8);
            StringBuilder sb = new StringBuilder("HTTP/1.1 " + status + " X\r\n");
            if (contentType != null) {
                sb.append("Content-Type: ").append(contentType).append("\r\n");
            }
            for (String h : extraHeaders) {
                sb.append(h).append("\r\n");
            }
            sb.append("Content-Length: ").append(b.length).append("\r\nConnection: close\r\n\r\n");
            out.write(sb.toString().getBytes(StandardCharsets.ISO_8859_1));
            out.write(b);
        };
    }

    public int port() {
        return socket.getLocalPort();
    }

    /** The request heads received so far. */
    public List<String> requests() {
        return List.copyOf(requests);
    }

    /** TCP connections accepted so far, handshakes that failed included. */
    public int connections() {
        return connections.get();
    }

    /** Blocks until {@link #close()}; for handlers that must stall without sleeping. */
    public void awaitClose() throws InterruptedException {
        closed.await();
    }

    private void acceptLoop() {
        while (!socket.isClosed()) {
            try {
                Socket s = socket.accept();
                connections.incrementAndGet();
                Thread.ofVirtual().start(() -> serve(s));
            } catch (IOException e) {
                return;
            }
        }
    }

    private void serve(Socket s) {
        try (s) {
            InputStream in = s.getInputStream();
            ByteArrayOutputStream head = new ByteArrayOutputStream();
            int state = 0;
            while (head.size() < 16_384) {
                int b = in.read();
                if (b < 0) {
                    return;
                }
                head.write(b);
                state = (b == '\r' || b == '\n') ? state + 1 : 0;
                if (state == 4) {
                    break;
                }
            }
            String text = head.toString(StandardCharsets.ISO_8859_1);
            requests.add(text);
            OutputStream out = s.getOutputStream();
            handler.handle(text, out, this);
            out.flush();
        } catch (IOException | InterruptedException e) {
            // client went away or handshake refused: part of the tests
        }
    }

    @Override
    public void close() throws IOException {
        closed.countDown();
        socket.close();
    }

    public InetSocketAddress address() {
        return new InetSocketAddress(InetAddress.getLoopbackAddress(), port());
    }
}
