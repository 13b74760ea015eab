package dev.mailward.probe.testservers;

import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.bouncycastle.tls.TlsServerProtocol;

/**
 * A TCP server on 127.0.0.1 (ephemeral port) that runs a script per connection on its own thread.
 * {@link #close()} closes every socket and joins every thread, so tests can assert no leaks.
 */
public final class ScriptedServer implements Closeable {

    /** What the server does with one connection. */
    @FunctionalInterface
    public interface Script {
        void run(Conn c) throws Exception;
    }

    private final ServerSocket server;
    private final Script script;
    private final Thread acceptor;
    private final List<Thread> handlers = new CopyOnWriteArrayList<>();
    private final List<Socket> sockets = new CopyOnWriteArrayList<>();
    private final AtomicInteger connections = new AtomicInteger();
    private final List<String> received = new CopyOnWriteArrayList<>();

    public ScriptedServer(Script script) throws IOException {
        this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        this.script = script;
        this.acceptor = new Thread(this::acceptLoop, "scripted-server-accept-" + server.getLocalPort());
        acceptor.setDaemon(true);
        acceptor.start();
    }

    public int port() {
        return server.getLocalPort();
    }

    /** How many connections were accepted. */
    public int connections() {
        return connections.get();
    }

    /** Every line received from clients, in order (all connections). */
    public List<String> received() {
        return List.copyOf(received);
    }

    private void acceptLoop() {
        while (!server.isClosed()) {
            try {
                Socket s = server.accept();
                connections.incrementAndGet();
                sockets.add(s);
                Thread t = new Thread(() -> handle(s), "scripted-server-conn-" + server.getLocalPort());
                t.setDaemon(true);
                handlers.add(t);
                t.start();
            } catch (IOException e) {
                return;
            }
        }
    }

    private void handle(Socket s) {
        try (s) {
            s.setSoTimeout(5000);
            script.run(new Conn(s, received));
        } catch (Exception e) {
            // the client went away or the test closed the server
        }
    }

    @Override
    public void close() {
        try {
            server.close();
        } catch (IOException ignored) {
            // closing anyway
        }
        for (Socket s : sockets) {
            try {
                s.close();
            } catch (IOException ignored) {
                // closing anyway
            }
        }
        handlers.forEach(Thread::interrupt);
        try {
            acceptor.join(2000);
            for (Thread t : handlers) {
                t.join(2000);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** One accepted connection, plain or (after {@link #startTls}) over TLS. */
    public static final class Conn {
        private final Socket socket;
        private final List<String> received;
        private InputStream in;
        private OutputStream out;
        private boolean secure;

        Conn(Socket socket, List<String> received) throws IOException {
            this.socket = socket;
            this.received = received;
            this.in = socket.getInputStream();
            this.out = socket.getOutputStream();
        }

        public boolean secure() {
            return secure;
        }

        public Socket socket() {
            return socket;
        }

        /** A line without CRLF, or null at end of stream. */
        public String readLine() throws IOException {
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
                    throw new IOException("client line too long");
                }
                b.write(c);
            }
            String s = b.toString(StandardCharsets.US_ASCII);
            s = s.endsWith("\r") ? s.substring(0, s.length() - 1) : s;
            received.add(s);
            return s;
        }

        public void send(String... lines) throws IOException {
            StringBuilder sb = new StringBuilder();
            for (String l : lines) {
                sb.append(l).append("\r\n");
            }
            raw(sb.toString().getBytes(StandardCharsets.US_ASCII));
        }

        public void raw(byte[] bytes) throws IOException {
            out.write(bytes);
            out.flush();
        }

        public void startTls(ServerTls tls) throws IOException {
            TlsServerProtocol p = tls.accept(socket.getInputStream(), socket.getOutputStream());
            in = p.getInputStream();
            out = p.getOutputStream();
            secure = true;
        }

        /** Closes with a TCP reset (SO_LINGER 0). */
        public void reset() throws IOException {
            socket.setSoLinger(true, 0);
            socket.close();
        }
    }
}
