package dev.mailward.testdns;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mailward.testdns.LoggedQuery.Transport;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.CNAMERecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.TXTRecord;
import org.xbill.DNS.Type;

class TestDnsServerTests {

    private TestDnsServer server;

    @BeforeEach
    void startServer() {
        server = TestDnsServer.builder()
                .zoneResource("zones/example.test.zone")
                .zoneResource("zones/hostile.test.zone")
                .start();
    }

    @AfterEach
    void stopServer() {
        server.close();
    }

    private SimpleResolver resolver() {
        SimpleResolver resolver = new SimpleResolver(server.address());
        resolver.setTimeout(Duration.ofSeconds(2));
        return resolver;
    }

    private Message query(String name, int type) throws IOException {
        return resolver().send(Message.newQuery(Record.newRecord(Name.fromString(name, Name.root), type, DClass.IN)));
    }

    private Message queryTcp(String name, int type) throws IOException {
        SimpleResolver resolver = resolver();
        resolver.setTCP(true);
        return resolver.send(Message.newQuery(Record.newRecord(Name.fromString(name, Name.root), type, DClass.IN)));
    }

    private static List<Record> answer(Message m) {
        return m.getSection(Section.ANSWER);
    }

    @Test
    void answersOverUdpWithResolverFlags() throws IOException {
        Message response = query("mail.example.test", Type.A);

        assertThat(response.getRcode()).isEqualTo(Rcode.NOERROR);
        assertThat(response.getHeader().getFlag(Flags.RA)).isTrue();
        assertThat(response.getHeader().getFlag(Flags.AA)).isTrue();
        assertThat(answer(response))
                .singleElement()
                .satisfies(r ->
                        assertThat(((ARecord) r).getAddress().getHostAddress()).isEqualTo("192.0.2.25"));
        assertThat(server.queries())
                .containsExactly(new LoggedQuery(Name.fromString("mail.example.test."), Type.A, Transport.UDP, false));
    }

    @Test
    void answersOverTcp() throws IOException {
        Message response = queryTcp("example.test", Type.MX);

        assertThat(answer(response)).singleElement().extracting(Record::getType).isEqualTo(Type.MX);
        assertThat(server.queries())
                .singleElement()
                .extracting(LoggedQuery::transport)
                .isEqualTo(Transport.TCP);
    }

    @Test
    void servesSeveralQueriesOnOneTcpConnection() throws IOException {
        try (Socket socket = new Socket(server.address().getAddress(), server.port())) {
            socket.setSoTimeout(2000);
            DataOutputStream out = new DataOutputStream(socket.getOutputStream());
            DataInputStream in = new DataInputStream(socket.getInputStream());
            for (String name : List.of("mail.example.test.", "example.test.", "nope.example.test.")) {
                byte[] wire = Message.newQuery(Record.newRecord(Name.fromString(name), Type.A, DClass.IN))
                        .toWire();
                out.writeShort(wire.length);
                out.write(wire);
            }
            out.flush();
            int[] rcodes = new int[3];
            for (int i = 0; i < 3; i++) {
                byte[] reply = new byte[in.readUnsignedShort()];
                in.readFully(reply);
                rcodes[i] = new Message(reply).getRcode();
            }
            assertThat(rcodes).containsExactly(Rcode.NOERROR, Rcode.NOERROR, Rcode.NXDOMAIN);
        }
    }

    @Test
    void truncatesOversizedUdpAnswersSoTheClientRetriesOverTcp() throws IOException {
        SimpleResolver resolver = resolver();
        resolver.setEDNS(0, 512, 0, List.of());

        Message response = resolver.send(
                Message.newQuery(Record.newRecord(Name.fromString("big4k.hostile.test."), Type.TXT, DClass.IN)));

        assertThat(response.getHeader().getFlag(Flags.TC)).isFalse();
        TXTRecord txt = (TXTRecord) answer(response).getFirst();
        assertThat(txt.getStrings()).hasSize(16).allSatisfy(s -> assertThat(s).hasSize(255));
        assertThat(server.queries()).extracting(LoggedQuery::transport).containsExactly(Transport.UDP, Transport.TCP);
    }

    @Test
    void honoursTheClientsLargerUdpSize() throws IOException {
        SimpleResolver resolver = resolver();
        resolver.setEDNS(0, 4096, 0, List.of());
        resolver.setIgnoreTruncation(true);

        Message response = resolver.send(
                Message.newQuery(Record.newRecord(Name.fromString("many.hostile.test."), Type.A, DClass.IN)));

        assertThat(response.getHeader().getFlag(Flags.TC)).isFalse();
        assertThat(answer(response)).hasSize(40);
        assertThat(response.getOPT()).isNotNull();
    }

    @Test
    void setsTcWithoutEdnsWhenTheAnswerExceeds512Bytes() throws IOException {
        SimpleResolver resolver = resolver();
        resolver.setEDNS(-1);
        resolver.setIgnoreTruncation(true);

        Message response = resolver.send(
                Message.newQuery(Record.newRecord(Name.fromString("many.hostile.test."), Type.A, DClass.IN)));

        assertThat(response.getHeader().getFlag(Flags.TC)).isTrue();
        assertThat(answer(response)).isEmpty();
    }

    @Test
    void distinguishesNxdomainFromNodata() throws IOException {
        Message nx = query("nope.example.test", Type.A);
        Message nodata = query("mail.example.test", Type.TXT);
        Message emptyNonTerminal = query("_tcp.mail.example.test", Type.TXT);

        assertThat(nx.getRcode()).isEqualTo(Rcode.NXDOMAIN);
        assertThat(nx.getSection(Section.AUTHORITY))
                .singleElement()
                .extracting(Record::getType)
                .isEqualTo(Type.SOA);
        assertThat(nodata.getRcode()).isEqualTo(Rcode.NOERROR);
        assertThat(answer(nodata)).isEmpty();
        assertThat(nodata.getSection(Section.AUTHORITY))
                .singleElement()
                .extracting(Record::getType)
                .isEqualTo(Type.SOA);
        assertThat(emptyNonTerminal.getRcode()).isEqualTo(Rcode.NOERROR);
        assertThat(answer(emptyNonTerminal)).isEmpty();
    }

    @Test
    void includesCnameAndTargetRecordsInTheAnswer() throws IOException {
        Message response = query("alias.example.test", Type.A);

        assertThat(answer(response)).extracting(Record::getType).containsExactly(Type.CNAME, Type.A);
        assertThat(((CNAMERecord) answer(response).getFirst()).getTarget()).hasToString("mail.example.test.");
    }

    @Test
    void returnsCnameOnlyWhenAskedForCnameOrWhenTargetIsOutsideLoadedZones() throws IOException {
        assertThat(answer(query("alias.example.test", Type.CNAME)))
                .extracting(Record::getType)
                .containsExactly(Type.CNAME);
        Message external = query("external.example.test", Type.A);
        assertThat(external.getRcode()).isEqualTo(Rcode.NOERROR);
        assertThat(answer(external)).extracting(Record::getType).containsExactly(Type.CNAME);
    }

    @Test
    void reportsNxdomainForADanglingCnameWithTheCnameInTheAnswer() throws IOException {
        Message response = query("dangling.example.test", Type.A);

        assertThat(response.getRcode()).isEqualTo(Rcode.NXDOMAIN); // RFC 6604: rcode of the last name
        assertThat(answer(response)).extracting(Record::getType).containsExactly(Type.CNAME);
    }

    @Test
    void followsLongCnameChainsAndStopsWhereALoopRepeats() throws IOException {
        Message chain = queryTcp("chain0.hostile.test", Type.A);
        Message loop = queryTcp("loop1.hostile.test", Type.A);
        Message self = queryTcp("self.hostile.test", Type.A);

        assertThat(answer(chain)).hasSize(21).last().extracting(Record::getType).isEqualTo(Type.A);
        assertThat(answer(loop))
                .extracting(r -> r.getName().toString())
                .containsExactly("loop1.hostile.test.", "loop2.hostile.test.", "loop3.hostile.test.");
        assertThat(answer(self)).hasSize(1);
    }

    @Test
    void synthesizesWildcardAnswers() throws IOException {
        Message response = query("anything.wild.example.test", Type.TXT);

        assertThat(answer(response)).singleElement().satisfies(r -> {
            assertThat(r.getName()).hasToString("anything.wild.example.test.");
            assertThat(((TXTRecord) r).getStrings()).containsExactly("wildcard");
        });
    }

    @Test
    void servesHostileRecordDataFaithfully() throws IOException {
        Message html = query("html.hostile.test", Type.TXT);
        Message space = query("odd\\032name.hostile.test", Type.TXT);
        Message dot = query("dot\\.inlabel.hostile.test", Type.TXT);
        Message binary = query("bin\\000\\255.hostile.test", Type.TXT);

        // raw octets: getStrings() would return them re-escaped in presentation format
        assertThat(((TXTRecord) answer(html).getFirst()).getStringsAsByteArrays())
                .extracting(b -> new String(b, java.nio.charset.StandardCharsets.ISO_8859_1))
                .containsExactly("<script>alert('x')</script>", "<b onmouseover=\"evil()\">bold</b>", "a;b\\c");
        assertThat(answer(space))
                .singleElement()
                .satisfies(r ->
                        assertThat(r.getName().getLabel(0)).containsExactly(8, 'o', 'd', 'd', ' ', 'n', 'a', 'm', 'e'));
        assertThat(answer(dot))
                .singleElement()
                .satisfies(r -> assertThat(r.getName().labels()).isEqualTo(4));
        assertThat(answer(binary))
                .singleElement()
                .satisfies(r -> assertThat(r.getName().getLabel(0)).containsExactly(5, 'b', 'i', 'n', 0, (byte) 0xFF));
    }

    @Test
    void refusesNamesOutsideEveryZoneOrServfailsWhenConfigured() throws IOException {
        assertThat(query("example.org", Type.A).getRcode()).isEqualTo(Rcode.REFUSED);

        server.outOfZoneRcode(Rcode.SERVFAIL);

        assertThat(query("example.org", Type.A).getRcode()).isEqualTo(Rcode.SERVFAIL);
    }

    @Test
    void injectsRcodeFaultsPerNameAndType() throws IOException {
        server.servfail("mail.example.test", Type.A).refused("example.test").formerr("www.example.test");

        assertThat(query("mail.example.test", Type.A).getRcode()).isEqualTo(Rcode.SERVFAIL);
        assertThat(query("mail.example.test", Type.AAAA).getRcode()).isEqualTo(Rcode.NOERROR);
        assertThat(query("example.test", Type.MX).getRcode()).isEqualTo(Rcode.REFUSED);
        assertThat(query("www.example.test", Type.A).getRcode()).isEqualTo(Rcode.FORMERR);

        server.clearFaults();

        assertThat(query("mail.example.test", Type.A).getRcode()).isEqualTo(Rcode.NOERROR);
    }

    @Test
    void neverAnswersATimedOutNameButKeepsServingOthers() throws IOException {
        server.timeout("mail.example.test");
        SimpleResolver resolver = resolver();
        resolver.setTimeout(Duration.ofMillis(300));

        assertThatThrownBy(() -> resolver.send(
                        Message.newQuery(Record.newRecord(Name.fromString("mail.example.test."), Type.A, DClass.IN))))
                .isInstanceOf(IOException.class);
        assertThat(query("example.test", Type.A).getRcode()).isEqualTo(Rcode.NOERROR);
        assertThat(server.queryCount("mail.example.test", Type.A)).isEqualTo(1);
    }

    @Test
    void alwaysTruncatesUdpForANameWhileTcpGetsTheAnswer() throws IOException {
        server.truncateUdp("mail.example.test");

        Message response = query("mail.example.test", Type.A);

        assertThat(answer(response)).hasSize(1);
        assertThat(server.queries()).extracting(LoggedQuery::transport).containsExactly(Transport.UDP, Transport.TCP);
    }

    @Test
    void delaysAnswers() throws IOException {
        server.delay("mail.example.test", Duration.ofMillis(400));

        long start = System.nanoTime();
        Message response = query("mail.example.test", Type.A);
        Duration elapsed = Duration.ofNanos(System.nanoTime() - start);

        assertThat(response.getRcode()).isEqualTo(Rcode.NOERROR);
        assertThat(elapsed).isGreaterThanOrEqualTo(Duration.ofMillis(400));
    }

    @Test
    void logsQueriesWithTransportAndDoBitUntilReset() throws IOException {
        SimpleResolver resolver = resolver();
        resolver.setEDNS(0, 1232, org.xbill.DNS.ExtendedFlags.DO, List.of());
        resolver.send(Message.newQuery(Record.newRecord(Name.fromString("example.test."), Type.TXT, DClass.IN)));
        query("example.test", Type.MX);

        assertThat(server.queryCount()).isEqualTo(2);
        assertThat(server.queries()).extracting(LoggedQuery::dnssecOk).containsExactly(true, false);
        assertThat(server.queryCount("EXAMPLE.test", Type.TXT)).isEqualTo(1);

        server.resetLog();

        assertThat(server.queryCount()).isZero();
        assertThat(server.queries()).isEmpty();
    }

    @Test
    void survivesGarbagePackets() throws IOException {
        try (DatagramSocket socket = new DatagramSocket()) {
            socket.setSoTimeout(2000);
            socket.send(new DatagramPacket(new byte[] {1, 2, 3}, 3, server.address()));
            byte[] garbage = new byte[40];
            for (int i = 0; i < garbage.length; i++) {
                garbage[i] = (byte) (i * 37 + 11);
            }
            garbage[2] = 0; // QR clear: it claims to be a query
            socket.send(new DatagramPacket(garbage, garbage.length, server.address()));

            DatagramPacket reply = new DatagramPacket(new byte[512], 512);
            socket.receive(reply);
            Message formerr = new Message(java.util.Arrays.copyOf(reply.getData(), reply.getLength()));
            assertThat(formerr.getRcode()).isEqualTo(Rcode.FORMERR);
            assertThat(formerr.getHeader().getID()).isEqualTo(((garbage[0] & 0xff) << 8) | (garbage[1] & 0xff));
        }
        try (Socket socket = new Socket(server.address().getAddress(), server.port())) {
            DataOutputStream out = new DataOutputStream(socket.getOutputStream());
            out.writeShort(3);
            out.write(new byte[] {9, 9, 9});
            out.flush();
        }
        assertThat(query("mail.example.test", Type.A).getRcode()).isEqualTo(Rcode.NOERROR);
    }

    @Test
    void servesReplacedZoneDataToLaterQueries() throws IOException {
        assertThat(answer(query("example.test", Type.TXT))).hasSize(1);

        server.replaceZone("""
                $ORIGIN example.test.
                @ 300 IN SOA ns1 hostmaster 2 3600 600 86400 300
                @ 300 IN NS ns1
                @ 300 IN TXT "v=spf1 +all"
                """);

        assertThat(((TXTRecord) answer(query("example.test", Type.TXT)).getFirst()).getStrings())
                .containsExactly("v=spf1 +all");
        assertThat(query("mail.example.test", Type.A).getRcode()).isEqualTo(Rcode.NXDOMAIN);
    }

    @Test
    void addsZonesFromStringsAtRuntimeAndRejectsDuplicates() throws IOException {
        server.addZone("other.test.", """
                @ IN SOA ns1 hostmaster 1 3600 600 86400 300
                www IN A 192.0.2.80
                """);

        assertThat(answer(query("www.other.test", Type.A))).hasSize(1);
        assertThatThrownBy(() -> server.addZone("other.test.", "@ IN SOA ns1 hostmaster 1 3600 600 86400 300"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("other.test.");
        assertThatThrownBy(() -> server.addZone("x.test.", "@ IN A 192.0.2.1"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("no SOA");
    }

    @Test
    void stopsAllThreadsOnClose() {
        String prefix = "testdns-" + server.port() + "-";

        server.close();

        // a pool thread may still be unwinding for a moment after awaitTermination returned
        org.awaitility.Awaitility.await()
                .atMost(Duration.ofSeconds(5))
                .untilAsserted(() -> assertThat(Thread.getAllStackTraces().keySet())
                        .noneMatch(t -> t.getName().startsWith(prefix) && t.isAlive()));
        assertThatThrownBy(() -> query("mail.example.test", Type.A)).isInstanceOf(IOException.class);
    }

    @Test
    void answersBadversForUnknownEdnsVersionsAndNotimpForOtherOpcodes() throws IOException {
        Message badvers = Message.newQuery(Record.newRecord(Name.fromString("example.test."), Type.A, DClass.IN));
        badvers.addRecord(new org.xbill.DNS.OPTRecord(1232, 0, 1, 0), Section.ADDITIONAL);
        Message notify = Message.newQuery(Record.newRecord(Name.fromString("example.test."), Type.SOA, DClass.IN));
        notify.getHeader().setOpcode(org.xbill.DNS.Opcode.NOTIFY);

        assertThat(rawUdp(badvers.toWire()).getRcode()).isEqualTo(Rcode.BADVERS);
        assertThat(rawUdp(notify.toWire()).getRcode()).isEqualTo(Rcode.NOTIMP);
    }

    @Test
    void ignoresPacketsThatAreResponses() throws IOException {
        Message response = Message.newQuery(Record.newRecord(Name.fromString("example.test."), Type.A, DClass.IN));
        response.getHeader().setFlag(Flags.QR);

        assertThatThrownBy(() -> rawUdp(response.toWire())).isInstanceOf(java.net.SocketTimeoutException.class);
    }

    @Test
    void answersAnyWithEveryRrsetOfTheName() throws IOException {
        assertThat(answer(queryTcp("example.test", Type.ANY)))
                .extracting(Record::getType)
                .contains(Type.SOA, Type.NS, Type.A, Type.MX, Type.TXT);
    }

    @Test
    void servesManyConcurrentClients() throws Exception {
        var pool = java.util.concurrent.Executors.newFixedThreadPool(16);
        try {
            List<java.util.concurrent.Future<Integer>> results = new java.util.ArrayList<>();
            for (int i = 0; i < 200; i++) {
                String name = i % 2 == 0 ? "mail.example.test" : "nope" + i + ".example.test";
                results.add(pool.submit(() -> query(name, Type.A).getRcode()));
            }
            int answered = 0;
            for (var result : results) {
                assertThat(result.get()).isIn(Rcode.NOERROR, Rcode.NXDOMAIN);
                answered++;
            }
            assertThat(answered).isEqualTo(200);
            assertThat(server.queryCount()).isGreaterThanOrEqualTo(200);
        } finally {
            pool.shutdownNow();
        }
    }

    private Message rawUdp(byte[] wire) throws IOException {
        try (DatagramSocket socket = new DatagramSocket()) {
            socket.setSoTimeout(500);
            socket.send(new DatagramPacket(wire, wire.length, server.address()));
            DatagramPacket reply = new DatagramPacket(new byte[4096], 4096);
            socket.receive(reply);
            return new Message(java.util.Arrays.copyOf(reply.getData(), reply.getLength()));
        }
    }

    @Test
    void keepsServingATcpConnectionAfterATimedOutQuery() throws IOException {
        server.timeout("mail.example.test");
        try (Socket socket = new Socket(server.address().getAddress(), server.port())) {
            socket.setSoTimeout(2000);
            DataOutputStream out = new DataOutputStream(socket.getOutputStream());
            for (String name : List.of("mail.example.test.", "example.test.")) {
                byte[] wire = Message.newQuery(Record.newRecord(Name.fromString(name), Type.A, DClass.IN))
                        .toWire();
                out.writeShort(wire.length);
                out.write(wire);
            }
            out.flush();
            DataInputStream in = new DataInputStream(socket.getInputStream());
            byte[] reply = new byte[in.readUnsignedShort()];
            in.readFully(reply);

            assertThat(new Message(reply).getQuestion().getName()).hasToString("example.test.");
        }
    }
}
