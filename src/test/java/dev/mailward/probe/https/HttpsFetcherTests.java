package dev.mailward.probe.https;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mailward.probe.TargetPolicy;
import dev.mailward.testnet.LabDns;
import dev.mailward.testnet.TestHttpsServer;
import dev.mailward.testnet.TestPki;
import java.io.DataInputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HttpsFetcherTests {

    private static final String HOST = "mta-sts.example.test";
    private static final String PATH = "/.well-known/mta-sts.txt";
    private static final TargetPolicy LOOPBACK = TargetPolicy.allowing(List.of("127.0.0.1/32"));

    @TempDir
    Path tmp;

    private LabDns lab;
    private TestPki pki;
    private Path caBundle;
    private TestHttpsServer server;

    @BeforeEach
    void setUp() throws Exception {
        lab = new LabDns("""
                $ORIGIN example.test.
                @        300 IN SOA ns1 hostmaster 1 3600 600 86400 300
                mta-sts  300 IN A 127.0.0.1
                """);
        pki = new TestPki("Mailward Test CA");
        caBundle = pki.writeCaBundle(tmp);
    }

    @AfterEach
    void tearDown() throws Exception {
        if (server != null) {
            server.close();
        }
        lab.close();
    }

    private HttpsResult fetch(TargetPolicy policy, Path bundle, HttpsFetcher.Limits limits, Duration deadline) {
        return HttpsFetcher.create(policy, Optional.of(bundle))
                .get(
                        lab.client()::lookup,
                        HOST,
                        server.port(),
                        PATH,
                        limits,
                        Instant.now().plus(deadline));
    }

    private HttpsResult fetch() {
        return fetch(LOOPBACK, caBundle, HttpsFetcher.Limits.mtaSts(), Duration.ofSeconds(5));
    }

    @Test
    void fetchesPolicyOverValidatedTlsWithHandWrittenRequest() throws Exception {
        server = new TestHttpsServer(pki.issue(HOST), TestHttpsServer.respond(200, "text/plain", "version: STSv1\n"));
        HttpsResult r = fetch();
        assertThat(r.outcome()).isEqualTo(HttpsOutcome.RESPONSE);
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.bodyText()).isEqualTo("version: STSv1\n");
        assertThat(r.header("content-type")).contains("text/plain");
        assertThat(r.address()).contains("127.0.0.1");
        assertThat(server.requests()).singleElement().satisfies(req -> {
            assertThat(req).startsWith("GET " + PATH + " HTTP/1.1\r\n");
            assertThat(req)
                    .contains(
                            "Host: " + HOST + ":" + server.port() + "\r\n",
                            "User-Agent: Mailward\r\n",
                            "Connection: close\r\n");
        });
    }

    @Test
    void decodesChunkedBody() throws Exception {
        server = new TestHttpsServer(
                pki.issue(HOST),
                (head, out, s) -> out.write(("HTTP/1.1 200 OK\r\n" + "Transfer-Encoding: chunked\r\n\r\n"
                                + "8\r\nversion:\r\n" + "7;ext=1\r\n STSv1\n\r\n" + "0\r\n\r\n")
                        .getBytes(StandardCharsets.US_ASCII)));
        HttpsResult r = fetch();
        assertThat(r.outcome()).isEqualTo(HttpsOutcome.RESPONSE);
        assertThat(r.bodyText()).isEqualTo("version: STSv1\n");
    }

    @Test
    void rejectsCertificateFromAnotherCa() throws Exception {
        TestPki other = new TestPki("Unknown CA");
        server = new TestHttpsServer(other.issue(HOST), TestHttpsServer.respond(200, "text/plain", "x"));
        HttpsResult r = fetch();
        assertThat(r.outcome()).isEqualTo(HttpsOutcome.TLS_FAILED);
        assertThat(server.connections()).isOne(); // a certificate we reject is no reason to ask again
        assertThat(r.notes()).noneMatch(n -> n.contains("asked again"));
        assertThat(r.error()).hasValueSatisfying(e -> assertThat(e).contains("TLS handshake with " + HOST));
        assertThat(r.status()).isZero();
    }

    @Test
    void rejectsCertificateForAnotherName() throws Exception {
        server = new TestHttpsServer(pki.issue("www.example.test"), TestHttpsServer.respond(200, "text/plain", "x"));
        HttpsResult r = fetch();
        assertThat(r.outcome()).isEqualTo(HttpsOutcome.TLS_FAILED);
        assertThat(r.error()).hasValueSatisfying(e -> assertThat(e).containsIgnoringCase(HOST));
    }

    @Test
    void reportsRedirectWithoutFollowingIt() throws Exception {
        server = new TestHttpsServer(
                pki.issue(HOST),
                TestHttpsServer.respond(301, "text/html", "<a href=x>moved</a>", "Location: https://elsewhere.test/p"));
        HttpsResult r = fetch();
        assertThat(r.outcome()).isEqualTo(HttpsOutcome.RESPONSE);
        assertThat(r.isRedirect()).isTrue();
        assertThat(r.header("Location")).contains("https://elsewhere.test/p");
        assertThat(server.requests()).hasSize(1);
    }

    @Test
    void capsBodyAnnouncedLargerThanLimit() throws Exception {
        server = new TestHttpsServer(pki.issue(HOST), TestHttpsServer.respond(200, "text/plain", "a".repeat(70_000)));
        HttpsResult r = fetch();
        assertThat(r.outcome()).isEqualTo(HttpsOutcome.BODY_TOO_LARGE);
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.error()).contains("body larger than the 65536-byte limit");
    }

    @Test
    void capsUnannouncedChunkedBody() throws Exception {
        server = new TestHttpsServer(pki.issue(HOST), (head, out, s) -> {
            out.write("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            for (int i = 0; i < 20; i++) {
                out.write(("1000\r\n" + "b".repeat(4096) + "\r\n").getBytes(StandardCharsets.US_ASCII));
            }
            out.write("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        });
        HttpsResult r = fetch();
        assertThat(r.outcome()).isEqualTo(HttpsOutcome.BODY_TOO_LARGE);
        assertThat(r.body()).hasSize(65_536);
    }

    @Test
    void stalledServerHitsTheDeadline() throws Exception {
        server = new TestHttpsServer(pki.issue(HOST), (head, out, s) -> {
            out.write("HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\nversion".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            s.awaitClose();
        });
        Instant start = Instant.now();
        HttpsResult r = fetch(LOOPBACK, caBundle, HttpsFetcher.Limits.mtaSts(), Duration.ofMillis(800));
        assertThat(r.outcome()).isEqualTo(HttpsOutcome.TIMEOUT);
        assertThat(Duration.between(start, Instant.now())).isLessThan(Duration.ofSeconds(3));
        assertThat(r.error()).hasValueSatisfying(e -> assertThat(e).contains("127.0.0.1"));
    }

    @Test
    void perReadTimeoutEndsSilentServer() throws Exception {
        server = new TestHttpsServer(pki.issue(HOST), (head, out, s) -> s.awaitClose());
        HttpsResult r = fetch(
                LOOPBACK,
                caBundle,
                HttpsFetcher.Limits.mtaSts().withReadTimeout(Duration.ofMillis(300)),
                Duration.ofSeconds(5));
        assertThat(r.outcome()).isEqualTo(HttpsOutcome.TIMEOUT);
        assertThat(r.error()).hasValueSatisfying(e -> assertThat(e).contains("300 ms read timeout"));
    }

    @Test
    void refusesLoopbackUnlessAllowListed() throws Exception {
        server = new TestHttpsServer(pki.issue(HOST), TestHttpsServer.respond(200, "text/plain", "x"));
        HttpsResult r = fetch(TargetPolicy.strict(), caBundle, HttpsFetcher.Limits.mtaSts(), Duration.ofSeconds(5));
        assertThat(r.outcome()).isEqualTo(HttpsOutcome.REFUSED_BY_POLICY);
        assertThat(r.error()).hasValueSatisfying(e -> assertThat(e).contains("127.0.0.1 is in 127.0.0.0/8"));
        assertThat(server.requests()).isEmpty();
    }

    @Test
    void reportsHostWithoutAddress() throws Exception {
        server = new TestHttpsServer(pki.issue(HOST), TestHttpsServer.respond(200, "text/plain", "x"));
        HttpsResult r = HttpsFetcher.create(LOOPBACK, Optional.of(caBundle))
                .get(
                        lab.client()::lookup,
                        "mta-sts.absent.example.test",
                        server.port(),
                        PATH,
                        HttpsFetcher.Limits.mtaSts(),
                        Instant.now().plusSeconds(5));
        assertThat(r.outcome()).isEqualTo(HttpsOutcome.NO_ADDRESS);
        assertThat(r.error())
                .hasValueSatisfying(e -> assertThat(e).contains("mta-sts.absent.example.test", "NXDOMAIN"));
    }

    @Test
    void reportsDnsFailureAsDnsError() throws Exception {
        lab.server().servfail("mta-sts.broken.example.test");
        server = new TestHttpsServer(pki.issue(HOST), TestHttpsServer.respond(200, "text/plain", "x"));
        HttpsResult r = HttpsFetcher.create(LOOPBACK, Optional.of(caBundle))
                .get(
                        lab.client()::lookup,
                        "mta-sts.broken.example.test",
                        server.port(),
                        PATH,
                        HttpsFetcher.Limits.mtaSts(),
                        Instant.now().plusSeconds(5));
        assertThat(r.outcome()).isEqualTo(HttpsOutcome.DNS_ERROR);
        assertThat(r.outcome().isObservation()).isFalse();
    }

    @Test
    void boundsHeaderLines() throws Exception {
        server = new TestHttpsServer(pki.issue(HOST), (head, out, s) -> {
            StringBuilder sb = new StringBuilder("HTTP/1.1 200 OK\r\n");
            for (int i = 0; i < 150; i++) {
                sb.append("X-H").append(i).append(": v\r\n");
            }
            out.write(sb.append("\r\n").toString().getBytes(StandardCharsets.US_ASCII));
        });
        HttpsResult r = fetch();
        assertThat(r.outcome()).isEqualTo(HttpsOutcome.PROTOCOL_ERROR);
        assertThat(r.error()).contains("more than 100 header lines");
    }

    @Test
    void rejectsGarbageStatusLine() throws Exception {
        server = new TestHttpsServer(
                pki.issue(HOST),
                (head, out, s) ->
                        out.write("<html><script>alert(1)</script>\r\n\r\n".getBytes(StandardCharsets.US_ASCII)));
        HttpsResult r = fetch();
        assertThat(r.outcome()).isEqualTo(HttpsOutcome.PROTOCOL_ERROR);
        assertThat(r.error()).hasValueSatisfying(e -> assertThat(e).contains("malformed status line '<html><script>"));
    }

    @Test
    void serverWithoutX25519IsAskedAgainWithAllKeyExchangeGroups() throws Exception {
        server = new TestHttpsServer(
                pki.issue(HOST), TestHttpsServer.respond(200, "text/plain", "version: STSv1\n"), "secp256r1");
        HttpsResult r = fetch();
        assertThat(r.outcome()).as(r.toString()).isEqualTo(HttpsOutcome.RESPONSE);
        assertThat(r.bodyText()).isEqualTo("version: STSv1\n");
        assertThat(server.connections()).isEqualTo(2);
        assertThat(r.notes())
                .singleElement()
                .satisfies(n -> assertThat(n)
                        .contains("offering X25519 only failed", "asked again with all key-exchange groups"));
    }

    @Test
    void serverWithX25519IsAskedOnce() throws Exception {
        server = new TestHttpsServer(pki.issue(HOST), TestHttpsServer.respond(200, "text/plain", "x"), "x25519");
        HttpsResult r = fetch();
        assertThat(r.outcome()).isEqualTo(HttpsOutcome.RESPONSE);
        assertThat(server.connections()).isOne();
        assertThat(r.notes()).isEmpty();
    }

    /**
     * The ClientHellos on the wire: the first offers and computes an X25519 key share alone; when
     * the server hangs up, the second offers the JDK's groups with its two shares.
     */
    @Test
    void firstClientHelloCarriesOneKeyShare() throws Exception {
        List<Map<Integer, List<Integer>>> hellos = new CopyOnWriteArrayList<>();
        try (ServerSocket raw = new ServerSocket(0, 8, InetAddress.getLoopbackAddress())) {
            Thread.ofVirtual().start(() -> {
                while (!raw.isClosed()) {
                    try (Socket s = raw.accept()) {
                        hellos.add(groupsOfClientHello(new DataInputStream(s.getInputStream())));
                    } catch (IOException e) {
                        return;
                    } catch (RuntimeException | AssertionError e) {
                        hellos.add(Map.of(-1, List.of())); // unparseable: fails the size and content checks below
                        throw e;
                    }
                }
            });
            HttpsResult r = HttpsFetcher.create(LOOPBACK, Optional.of(caBundle))
                    .get(
                            lab.client()::lookup,
                            HOST,
                            raw.getLocalPort(),
                            PATH,
                            HttpsFetcher.Limits.mtaSts(),
                            Instant.now().plusSeconds(5));
            assertThat(r.outcome()).as(r + " " + hellos).isEqualTo(HttpsOutcome.TLS_FAILED);
            assertThat(r.notes()).singleElement().satisfies(n -> assertThat(n).contains("offering X25519 only failed"));
        }
        int x25519 = 0x001d;
        int secp256r1 = 0x0017;
        assertThat(hellos).hasSize(2);
        assertThat(hellos.get(0).get(KEY_SHARE)).containsExactly(x25519);
        assertThat(hellos.get(0).get(SUPPORTED_GROUPS)).containsExactly(x25519);
        assertThat(hellos.get(1).get(KEY_SHARE)).containsExactly(x25519, secp256r1);
        assertThat(hellos.get(1).get(SUPPORTED_GROUPS))
                .contains(x25519, secp256r1)
                .hasSizeGreaterThan(2);
    }

    private static final int SUPPORTED_GROUPS = 10;
    private static final int KEY_SHARE = 51;

    /** The group ids of the supported_groups and key_share extensions of a ClientHello (one record). */
    private static Map<Integer, List<Integer>> groupsOfClientHello(DataInputStream in) throws IOException {
        assertThat(in.readUnsignedByte()).as("handshake record").isEqualTo(22);
        in.readUnsignedShort(); // record version
        byte[] body = new byte[in.readUnsignedShort()];
        in.readFully(body);
        ByteBuffer b = ByteBuffer.wrap(body);
        assertThat(b.get()).as("ClientHello").isEqualTo((byte) 1);
        b.position(b.position() + 3 + 2 + 32); // length, client version, random
        skip(b, b.get() & 0xff); // session id
        skip(b, b.getShort() & 0xffff); // cipher suites
        skip(b, b.get() & 0xff); // compression methods
        int extensionsLength = b.getShort() & 0xffff;
        int end = b.position() + extensionsLength;
        Map<Integer, List<Integer>> groups = new HashMap<>();
        while (b.position() < end) {
            int type = b.getShort() & 0xffff;
            int len = b.getShort() & 0xffff;
            ByteBuffer ext = b.slice(b.position(), len);
            b.position(b.position() + len);
            List<Integer> ids = new ArrayList<>();
            if (type == SUPPORTED_GROUPS) {
                int n = ext.getShort() & 0xffff;
                for (int i = 0; i < n / 2; i++) {
                    ids.add(ext.getShort() & 0xffff);
                }
                groups.put(type, ids);
            } else if (type == KEY_SHARE) {
                int listEnd = (ext.getShort() & 0xffff) + 2;
                while (ext.position() < listEnd) {
                    ids.add(ext.getShort() & 0xffff);
                    skip(ext, ext.getShort() & 0xffff); // the key exchange bytes
                }
                groups.put(type, ids);
            }
        }
        return groups;
    }

    private static void skip(ByteBuffer b, int n) {
        b.position(b.position() + n);
    }
}
