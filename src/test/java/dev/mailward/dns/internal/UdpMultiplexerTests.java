package dev.mailward.dns.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.mailward.dns.DnsOutcome;
import dev.mailward.testdns.LoggedQuery;
import dev.mailward.testdns.TestDnsServer;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeoutException;
import java.util.function.BiConsumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.TXTRecord;
import org.xbill.DNS.Type;

/**
 * The UDP transport against the loopback test DNS server (answers, truncation, timeouts,
 * retries) and against a raw UDP responder that misbehaves on purpose (spoofed and mismatched
 * answers, garbage, oversized datagrams), which the test DNS server cannot do.
 */
class UdpMultiplexerTests {

    private static final String ZONE = """
            $ORIGIN example.test.
            @        300 IN SOA ns1 hostmaster 1 3600 600 86400 60
            @        300 IN NS  ns1
            ns1      300 IN A   192.0.2.53
            @        300 IN TXT "v=spf1 -all"
            tc       300 IN TXT "only over tcp"
            """;

    private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
    private final List<AutoCloseable> closeables = new ArrayList<>();

    @AfterEach
    void stop() throws Exception {
        for (AutoCloseable c : closeables.reversed()) {
            c.close();
        }
        executor.shutdownNow();
    }

    private <T extends AutoCloseable> T closing(T c) {
        closeables.add(c);
        return c;
    }

    private static Message query(String name, int type) {
        return Queries.query(Name.fromConstantString(name), type, false, 1232);
    }

    private static Name name(String s) {
        return Name.fromConstantString(s);
    }

    @Test
    void answersManyConcurrentQueriesOverFewSocketsEachWithItsOwnAnswer() {
        TestDnsServer dns = closing(TestDnsServer.builder().zone(ZONE).start());
        UdpMultiplexer udp = closing(new UdpMultiplexer(dns.address(), executor));

        List<Message> queries = new ArrayList<>();
        List<CompletableFuture<Message>> answers = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            // half the names exist, half do not: every answer must be for its own question
            Message q = query(i % 2 == 0 ? "example.test." : "n" + i + ".example.test.", Type.TXT);
            queries.add(q);
            answers.add(udp.send(q, Duration.ofSeconds(5)));
            if (i % 50 == 49) {
                // waves of 50 in flight: a larger burst can overflow the test server's default
                // socket buffer, and a dropped datagram is a (correct) timeout, not what this tests
                answers.forEach(CompletableFuture::join);
            }
        }

        for (int i = 0; i < queries.size(); i++) {
            Message response = answers.get(i).join();
            Message q = queries.get(i);
            assertThat(response.getQuestion()).isEqualTo(q.getQuestion());
            assertThat(response.getHeader().getID())
                    .as("the caller's own ID is restored")
                    .isEqualTo(q.getHeader().getID());
            assertThat(response.getSection(Section.ANSWER)).hasSize(i % 2 == 0 ? 1 : 0);
        }
        assertThat(udp.socketsOpened()).isLessThanOrEqualTo(UdpMultiplexer.SOCKETS);
        assertThat(udp.ignoredDatagrams()).isZero();
    }

    @Test
    void timesOutASilentServerAndKeepsWorkingAfterwards() {
        TestDnsServer dns = closing(TestDnsServer.builder().zone(ZONE).start());
        dns.timeout("example.test", Type.TXT);
        UdpMultiplexer udp = closing(new UdpMultiplexer(dns.address(), executor));

        long start = System.nanoTime();
        CompletableFuture<Message> silent = udp.send(query("example.test.", Type.TXT), Duration.ofMillis(300));

        assertThatThrownBy(silent::join)
                .isInstanceOf(CompletionException.class)
                .hasCauseInstanceOf(TimeoutException.class);
        assertThat(Duration.ofNanos(System.nanoTime() - start))
                .isBetween(Duration.ofMillis(250), Duration.ofSeconds(3));
        assertThat(udp.send(query("ns1.example.test.", Type.A), Duration.ofSeconds(5))
                        .join()
                        .getSection(Section.ANSWER))
                .hasSize(1);
    }

    @Test
    void transportRetriesATimeoutAndReportsItAfterAllTries() {
        TestDnsServer dns = closing(TestDnsServer.builder().zone(ZONE).start());
        dns.timeout("example.test", Type.TXT);
        Transport transport =
                closing(new Transport(List.of(dns.address()), Duration.ofMillis(200), 2, 65_535, executor));

        CompletableFuture<Exchange> f = transport.send(query("example.test.", Type.TXT));

        assertThatThrownBy(f::join)
                .hasCauseInstanceOf(TransportException.class)
                .cause()
                .hasMessageContaining("after 3 tries")
                .satisfies(t -> assertThat(((TransportException) t).outcome()).isEqualTo(DnsOutcome.TIMEOUT));
        assertThat(dns.queryCount("example.test", Type.TXT)).isEqualTo(3);
    }

    @Test
    void transportAsksATruncatedAnswerAgainOverTcp() {
        TestDnsServer dns = closing(TestDnsServer.builder().zone(ZONE).start());
        dns.truncateUdp("tc.example.test", Type.TXT);
        Transport transport =
                closing(new Transport(List.of(dns.address()), Duration.ofSeconds(2), 1, 65_535, executor));

        Exchange ex = transport.send(query("tc.example.test.", Type.TXT)).join();

        assertThat(ex.tcp()).isTrue();
        assertThat(ex.response().getHeader().getFlag(Flags.TC)).isFalse();
        assertThat(((TXTRecord) ex.response().getSection(Section.ANSWER).getFirst()).getStrings())
                .containsExactly("only over tcp");
        assertThat(dns.queries())
                .extracting(LoggedQuery::transport)
                .containsExactly(LoggedQuery.Transport.UDP, LoggedQuery.Transport.TCP);
    }

    @Test
    void ignoresAnswersWithAnotherIdAnotherQuestionGarbageOrFromAnotherPort() throws Exception {
        // For each query the responder first sends four wrong datagrams, then the real answer.
        try (DatagramSocket spoofer = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            RawServer server = closing(new RawServer((packet, socket) -> {
                Message q = parse(packet);
                int id = q.getHeader().getID();
                send(socket, packet, answer(q, id ^ 0x5a5a, q.getQuestion(), "203.0.113.66")); // wrong ID
                send(
                        socket,
                        packet,
                        answer(
                                q,
                                id,
                                Record.newRecord(name("other.example.test."), Type.A, DClass.IN),
                                "203.0.113.66")); // right ID, other question
                byte[] garbage = {(byte) (id >>> 8), (byte) id, (byte) 0x81, 0, 0, 1, 0, 1, 0, 0, 0, 0, 9, 9, 9};
                send(socket, packet, garbage); // right ID, does not parse
                byte[] spoof = answer(q, id, q.getQuestion(), "203.0.113.66"); // all right, wrong source port
                try {
                    spoofer.send(new DatagramPacket(spoof, spoof.length, packet.getSocketAddress()));
                } catch (IOException e) {
                    throw new IllegalStateException(e);
                }
                sleep(50);
                send(socket, packet, answer(q, id, q.getQuestion(), "192.0.2.1"));
            }));
            UdpMultiplexer udp = closing(new UdpMultiplexer(server.address(), executor));

            Message response = udp.send(query("www.example.test.", Type.A), Duration.ofSeconds(5))
                    .join();

            assertThat(response.getSection(Section.ANSWER))
                    .singleElement()
                    .satisfies(r -> assertThat(((ARecord) r).getAddress().getHostAddress())
                            .isEqualTo("192.0.2.1"));
            // the three from the server's own port were seen and dropped; the kernel dropped the fourth
            await().atMost(Duration.ofSeconds(5))
                    .untilAsserted(() -> assertThat(udp.ignoredDatagrams()).isEqualTo(3));
        }
    }

    @Test
    void usesUnpredictableIdsAndOnlyAFewSourcePorts() {
        List<Integer> ids = new ArrayList<>();
        Set<Integer> ports = new HashSet<>();
        RawServer server = closing(new RawServer((packet, socket) -> {
            Message q = parse(packet);
            synchronized (ids) {
                ids.add(q.getHeader().getID());
                ports.add(packet.getPort());
            }
            send(socket, packet, answer(q, q.getHeader().getID(), q.getQuestion(), "192.0.2.1"));
        }));
        UdpMultiplexer udp = closing(new UdpMultiplexer(server.address(), executor));
        Message same = query("www.example.test.", Type.A);

        for (int i = 0; i < 200; i++) {
            udp.send(same, Duration.ofSeconds(5)).join(); // the same Message every time, like a retry
        }

        assertThat(new HashSet<>(ids))
                .as("fresh random IDs, not the caller's")
                .hasSizeGreaterThan(190)
                .doesNotContain(same.getHeader().getID());
        int ascending = 0;
        for (int i = 1; i < ids.size(); i++) {
            ascending += ids.get(i) == ids.get(i - 1) + 1 ? 1 : 0;
        }
        assertThat(ascending).as("not sequential").isLessThan(5);
        assertThat(ports).hasSizeLessThanOrEqualTo(UdpMultiplexer.SOCKETS);
    }

    @Test
    void rotatesItsSocketsAfterSoManyQueries() {
        Set<Integer> ports = new HashSet<>();
        RawServer server = closing(new RawServer((packet, socket) -> {
            Message q = parse(packet);
            synchronized (ports) {
                ports.add(packet.getPort());
            }
            send(socket, packet, answer(q, q.getHeader().getID(), q.getQuestion(), "192.0.2.1"));
        }));
        UdpMultiplexer udp = closing(new UdpMultiplexer(server.address(), executor));

        int total = UdpMultiplexer.ROTATE_AFTER * UdpMultiplexer.SOCKETS * 2 + 10;
        for (int i = 0; i < total; i += 100) {
            List<CompletableFuture<Message>> batch = new ArrayList<>();
            for (int j = 0; j < 100; j++) {
                batch.add(udp.send(query("h" + (i + j) + ".example.test.", Type.A), Duration.ofSeconds(5)));
            }
            batch.forEach(CompletableFuture::join);
        }

        assertThat(udp.socketsOpened()).isBetween((long) UdpMultiplexer.SOCKETS * 2, (long) total / 100);
        assertThat(ports).hasSizeGreaterThanOrEqualTo(UdpMultiplexer.SOCKETS * 2);
    }

    @Test
    void receivesALargeDatagramWholeAndTheTransportRefusesItOverTheLimit() {
        RawServer server = closing(new RawServer((packet, socket) -> {
            Message q = parse(packet);
            Message r = new Message(q.getHeader().getID());
            r.getHeader().setFlag(Flags.QR);
            r.addRecord(q.getQuestion(), Section.QUESTION);
            for (int i = 0; i < 240; i++) { // ~63 KB in one datagram, far above the advertised 1232
                r.addRecord(new TXTRecord(q.getQuestion().getName(), DClass.IN, 60, "x".repeat(250)), Section.ANSWER);
            }
            send(socket, packet, r.toWire());
        }));
        UdpMultiplexer udp = closing(new UdpMultiplexer(server.address(), executor));
        Transport transport =
                closing(new Transport(List.of(server.address()), Duration.ofSeconds(2), 0, 4_096, executor));

        Message whole = udp.send(query("big.example.test.", Type.TXT), Duration.ofSeconds(5))
                .join();
        CompletableFuture<Exchange> limited = transport.send(query("big.example.test.", Type.TXT));

        assertThat(whole.getSection(Section.ANSWER)).hasSize(240);
        assertThat(whole.numBytes()).isGreaterThan(60_000);
        assertThatThrownBy(limited::join)
                .cause()
                .isInstanceOf(TransportException.class)
                .hasMessageContaining("exceeds the limit of 4096 bytes");
    }

    @Test
    void timesOutPromptlyAfterAnIdleSpellAndStopsItsSweeperWhenClosed() {
        TestDnsServer dns = closing(TestDnsServer.builder().zone(ZONE).start());
        dns.timeout("example.test", Type.TXT);
        UdpMultiplexer udp = new UdpMultiplexer(dns.address(), executor, true);

        assertThatThrownBy(() -> udp.send(query("example.test.", Type.TXT), Duration.ofMillis(200))
                        .join())
                .hasCauseInstanceOf(TimeoutException.class);
        // Nothing pending now: the sweeper parks. A new query must wake it, not wait out the park.
        sleep(1_500);
        for (int i = 0; i < 3; i++) {
            long start = System.nanoTime();
            assertThatThrownBy(() -> udp.send(query("example.test.", Type.TXT), Duration.ofMillis(200))
                            .join())
                    .hasCauseInstanceOf(TimeoutException.class);
            assertThat(Duration.ofNanos(System.nanoTime() - start))
                    .isBetween(Duration.ofMillis(190), Duration.ofMillis(900));
            sleep(1_100);
        }
        assertThat(udp.send(query("ns1.example.test.", Type.A), Duration.ofSeconds(5))
                        .join()
                        .getSection(Section.ANSWER))
                .hasSize(1);
        assertThat(udp.sweeperAlive()).isTrue();

        udp.close();
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (udp.sweeperAlive() && System.nanoTime() < deadline) {
            sleep(20);
        }
        assertThat(udp.sweeperAlive()).isFalse();
    }

    @Test
    void failsPendingQueriesWhenClosedAndRefusesNewOnes() {
        TestDnsServer dns = closing(TestDnsServer.builder().zone(ZONE).start());
        dns.timeout("example.test", Type.TXT);
        UdpMultiplexer udp = new UdpMultiplexer(dns.address(), executor);
        CompletableFuture<Message> pending = udp.send(query("example.test.", Type.TXT), Duration.ofSeconds(30));

        udp.close();

        assertThatThrownBy(pending::join).hasCauseInstanceOf(IOException.class);
        assertThatThrownBy(() -> udp.send(query("example.test.", Type.TXT), Duration.ofSeconds(1))
                        .join())
                .hasCauseInstanceOf(IOException.class);
    }

    // ---- a raw UDP responder ------------------------------------------------------------------

    /** Answers each datagram on its own socket by the handler; one thread, loopback only. */
    private static final class RawServer implements AutoCloseable {
        private final DatagramSocket socket;
        private final Thread thread;

        RawServer(BiConsumer<DatagramPacket, DatagramSocket> handler) {
            try {
                socket = new DatagramSocket(0, InetAddress.getLoopbackAddress());
            } catch (SocketException e) {
                throw new IllegalStateException(e);
            }
            thread = Thread.ofPlatform().daemon().name("raw-dns").start(() -> {
                byte[] buf = new byte[65_535];
                while (!socket.isClosed()) {
                    DatagramPacket p = new DatagramPacket(buf, buf.length);
                    try {
                        socket.receive(p);
                    } catch (IOException e) {
                        return;
                    }
                    DatagramPacket copy = new DatagramPacket(
                            java.util.Arrays.copyOf(p.getData(), p.getLength()), p.getLength(), p.getSocketAddress());
                    handler.accept(copy, socket);
                }
            });
        }

        InetSocketAddress address() {
            return new InetSocketAddress(InetAddress.getLoopbackAddress(), socket.getLocalPort());
        }

        @Override
        public void close() throws InterruptedException {
            socket.close();
            thread.join(2_000);
        }
    }

    private static Message parse(DatagramPacket p) {
        try {
            return new Message(p.getData());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] answer(Message q, int id, Record question, String address) {
        Message r = new Message(id);
        r.getHeader().setFlag(Flags.QR);
        r.getHeader().setFlag(Flags.RD);
        r.getHeader().setFlag(Flags.RA);
        r.addRecord(question, Section.QUESTION);
        try {
            r.addRecord(new ARecord(question.getName(), DClass.IN, 60, InetAddress.getByName(address)), Section.ANSWER);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return r.toWire();
    }

    private static void send(DatagramSocket socket, DatagramPacket to, byte[] data) {
        try {
            socket.send(new DatagramPacket(data, data.length, to.getSocketAddress()));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
