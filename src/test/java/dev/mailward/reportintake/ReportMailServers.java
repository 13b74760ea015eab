package dev.mailward.reportintake;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import dev.mailward.testnet.TestPki;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import javax.net.ssl.SSLSocket;

/**
 * Real IMAP servers on loopback for the mailbox tests: GreenMail with implicit TLS presenting a certificate made
 * at test time for {@code localhost} (a throw-away CA, whose PEM bundle the poller is given), GreenMail in plain
 * text (which offers no STARTTLS), and a STARTTLS front: a loopback IMAP greeter that offers {@code STARTTLS},
 * upgrades the connection with the same certificate and then relays it to a plain GreenMail, so that the whole
 * session after the upgrade is GreenMail's.
 */
final class ReportMailServers {

    static final TestPki PKI = new TestPki("Mailward test IMAP CA");
    static final TestPki.Identity LOCALHOST = PKI.issue("localhost");
    static final Path CA_BUNDLE;

    static {
        try {
            Path dir = Files.createTempDirectory("mailward-imap-test");
            CA_BUNDLE = PKI.writeCaBundle(dir);
            // GreenMail reads its TLS identity once per JVM from these properties
            Path p12 = dir.resolve("greenmail.p12");
            KeyStore ks = KeyStore.getInstance("PKCS12");
            ks.load(null, null);
            char[] pw = "changeit".toCharArray();
            ks.setKeyEntry("greenmail", LOCALHOST.key().getPrivate(), pw, new X509Certificate[] {
                LOCALHOST.leaf(), LOCALHOST.ca()
            });
            try (OutputStream out = Files.newOutputStream(p12)) {
                ks.store(out, pw);
            }
            System.setProperty("greenmail.tls.keystore.file", p12.toString());
            System.setProperty("greenmail.tls.keystore.password", "changeit");
            System.setProperty("greenmail.tls.key.password", "changeit");
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private ReportMailServers() {}

    /** A started GreenMail speaking {@code imaps} (implicit TLS) on loopback. */
    static GreenMail imaps() {
        GreenMail g = new GreenMail(new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_IMAPS));
        g.start();
        return g;
    }

    /** A started GreenMail speaking plain {@code imap} on loopback (no STARTTLS). */
    static GreenMail imap() {
        GreenMail g = new GreenMail(new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_IMAP));
        g.start();
        return g;
    }

    /** The port a started GreenMail listens on for its only protocol. */
    static int port(GreenMail g) {
        return g.getImaps() != null ? g.getImaps().getPort() : g.getImap().getPort();
    }

    /**
     * A TLS front on loopback for a plain GreenMail: offers STARTTLS (or, {@code implicit}, starts TLS at once),
     * upgrades with the given identity, then relays to {@code backend}. {@link #sentAfterTls()} is what clients sent
     * inside TLS (a login shows there as {@code LOGIN} or {@code AUTHENTICATE}).
     */
    static final class StartTlsFront implements AutoCloseable {

        private final ServerSocket server;
        private final int backend;
        private final TestPki.Identity identity;
        private final boolean implicit;
        private final ByteArrayOutputStream sent = new ByteArrayOutputStream();

        /** STARTTLS with the {@code localhost} certificate of the test CA. */
        StartTlsFront(int backendPort) throws IOException {
            this(backendPort, LOCALHOST, false);
        }

        StartTlsFront(int backendPort, TestPki.Identity identity, boolean implicit) throws IOException {
            this.backend = backendPort;
            this.identity = identity;
            this.implicit = implicit;
            this.server = new ServerSocket(0, 10, InetAddress.getLoopbackAddress());
            Thread t = new Thread(this::accept, "starttls-front");
            t.setDaemon(true);
            t.start();
        }

        int port() {
            return server.getLocalPort();
        }

        /** What the clients sent after the TLS handshake, relayed to the backend. */
        String sentAfterTls() {
            synchronized (sent) {
                return sent.toString(StandardCharsets.US_ASCII);
            }
        }

        private void accept() {
            while (!server.isClosed()) {
                try {
                    Socket s = server.accept();
                    Thread t = new Thread(() -> serve(s), "starttls-front-conn");
                    t.setDaemon(true);
                    t.start();
                } catch (IOException e) {
                    return;
                }
            }
        }

        private void serve(Socket plain) {
            try (plain) {
                plain.setSoTimeout(20_000);
                if (implicit) {
                    relay(upgrade(plain), false);
                    return;
                }
                InputStream in = plain.getInputStream();
                OutputStream out = plain.getOutputStream();
                write(out, "* OK [CAPABILITY IMAP4rev1 STARTTLS LOGINDISABLED] front ready\r\n");
                while (true) {
                    String line = line(in);
                    if (line == null) {
                        return;
                    }
                    String[] words = line.split(" ", 3);
                    String tag = words[0];
                    String command = words.length > 1 ? words[1].toUpperCase(java.util.Locale.ROOT) : "";
                    switch (command) {
                        case "CAPABILITY" ->
                            write(out, "* CAPABILITY IMAP4rev1 STARTTLS LOGINDISABLED\r\n" + tag + " OK done\r\n");
                        case "NOOP" -> write(out, tag + " OK done\r\n");
                        case "STARTTLS" -> {
                            write(out, tag + " OK begin TLS\r\n");
                            relay(upgrade(plain), true);
                            return;
                        }
                        default -> write(out, tag + " BAD STARTTLS first\r\n");
                    }
                }
            } catch (IOException e) {
                // the client went away
            }
        }

        private SSLSocket upgrade(Socket plain) throws IOException {
            SSLSocket tls = (SSLSocket) identity.serverContext()
                    .getSocketFactory()
                    .createSocket(plain, "localhost", plain.getPort(), false);
            tls.setUseClientMode(false);
            tls.startHandshake();
            return tls;
        }

        private void relay(SSLSocket client, boolean skipGreeting) throws IOException {
            try (Socket back = new Socket(InetAddress.getLoopbackAddress(), backend)) {
                back.setSoTimeout(20_000);
                InputStream backIn = back.getInputStream();
                if (skipGreeting) {
                    line(backIn); // GreenMail's greeting: the client had the front's
                }
                Thread up =
                        new Thread(() -> pipe(safe(client), new Recording(safeOut(back), sent)), "starttls-front-up");
                up.setDaemon(true);
                up.start();
                pipe(backIn, client.getOutputStream());
            }
        }

        private static InputStream safe(Socket s) {
            try {
                return s.getInputStream();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        private static OutputStream safeOut(Socket s) {
            try {
                return s.getOutputStream();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        private static void pipe(InputStream in, OutputStream out) {
            byte[] buf = new byte[8192];
            try {
                int n;
                while ((n = in.read(buf)) > 0) {
                    out.write(buf, 0, n);
                    out.flush();
                }
            } catch (IOException e) {
                // one side closed
            }
        }

        /** Passes bytes on and keeps a copy. */
        private static final class Recording extends OutputStream {
            private final OutputStream out;
            private final ByteArrayOutputStream copy;

            Recording(OutputStream out, ByteArrayOutputStream copy) {
                this.out = out;
                this.copy = copy;
            }

            @Override
            public void write(int b) throws IOException {
                write(new byte[] {(byte) b}, 0, 1);
            }

            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                synchronized (copy) {
                    copy.write(b, off, len);
                }
                out.write(b, off, len);
            }

            @Override
            public void flush() throws IOException {
                out.flush();
            }
        }

        private static String line(InputStream in) throws IOException {
            ByteArrayOutputStream b = new ByteArrayOutputStream();
            int c;
            while ((c = in.read()) >= 0) {
                if (c == '\n') {
                    String s = b.toString(StandardCharsets.US_ASCII);
                    return s.endsWith("\r") ? s.substring(0, s.length() - 1) : s;
                }
                b.write(c);
            }
            return null;
        }

        private static void write(OutputStream out, String s) throws IOException {
            out.write(s.getBytes(StandardCharsets.US_ASCII));
            out.flush();
        }

        @Override
        public void close() throws IOException {
            server.close();
        }
    }
}
