package dev.mailward.dns;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.mailward.dns.DnsSettings.DnssecMode;
import dev.mailward.testdns.LoggedQuery;
import dev.mailward.testdns.TestDnsServer;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.CNAMERecord;
import org.xbill.DNS.TXTRecord;
import org.xbill.DNS.Type;

class DnsClientTests {

    private static final String ZONE = """
            $ORIGIN example.test.
            @        300 IN SOA ns1 hostmaster 1 3600 600 86400 60
            @        300 IN NS  ns1
            ns1      300 IN A   192.0.2.53
            @        300 IN TXT "v=spf1 -all"
            @        300 IN MX  10 mail
            mail     300 IN A   192.0.2.25
            short      1 IN TXT "short-lived"
            www      300 IN CNAME hop1
            hop1     300 IN CNAME hop2
            hop2     300 IN TXT "end of chain"
            loop1    300 IN CNAME loop2
            loop2    300 IN CNAME loop1
            c1       300 IN CNAME c2
            c2       300 IN CNAME c3
            c3       300 IN CNAME c4
            c4       300 IN TXT "deep"
            slow     300 IN TXT "slow"
            big      300 IN TXT "0123456789012345678901234567890123456789012345678901234567890123456789"
            big      300 IN TXT "1123456789012345678901234567890123456789012345678901234567890123456789"
            big      300 IN TXT "2123456789012345678901234567890123456789012345678901234567890123456789"
            big      300 IN TXT "3123456789012345678901234567890123456789012345678901234567890123456789"
            big      300 IN TXT "4123456789012345678901234567890123456789012345678901234567890123456789"
            big      300 IN TXT "5123456789012345678901234567890123456789012345678901234567890123456789"
            big      300 IN TXT "6123456789012345678901234567890123456789012345678901234567890123456789"
            big      300 IN TXT "7123456789012345678901234567890123456789012345678901234567890123456789"
            big      300 IN TXT "8123456789012345678901234567890123456789012345678901234567890123456789"
            big      300 IN TXT "9123456789012345678901234567890123456789012345678901234567890123456789"
            """;

    private TestDnsServer dns;
    private final List<DnsClient> clients = new ArrayList<>();

    @BeforeEach
    void start() {
        dns = TestDnsServer.builder().zone(ZONE).start();
    }

    @AfterEach
    void stop() {
        clients.forEach(DnsClient::close);
        dns.close();
    }

    private DnsSettings settings(InetSocketAddress... servers) {
        return new DnsSettings(
                List.of(servers),
                Duration.ofMillis(300),
                1,
                DnssecMode.TRUST_AD,
                Optional.empty(),
                1_000,
                8,
                65_535,
                60,
                400);
    }

    private DnsClient client(DnsSettings settings) {
        DnsClient c = DnsClient.create(settings);
        clients.add(c);
        return c;
    }

    private DnsClient client() {
        return client(settings(dns.address()));
    }

    private String serverLabel() {
        return "127.0.0.1:" + dns.port();
    }

    @Test
    void answersWithRecordsOfTheAskedTypeWithOrWithoutTrailingDot() {
        DnsClient client = client();

        DnsAnswer a = client.lookup("Example.Test", Type.TXT);

        assertThat(a.outcome()).isEqualTo(DnsOutcome.OK);
        assertThat(a.name()).isEqualTo("example.test.");
        assertThat(a.type()).isEqualTo("TXT");
        assertThat(a.txtJoined()).containsExactly("v=spf1 -all");
        assertThat(a.server()).isEqualTo(serverLabel());
        assertThat(a.tcp()).isFalse();
        assertThat(a.fromCache()).isFalse();
        assertThat(a.error()).isEmpty();
        assertThat(client.lookup("mail.example.test.", Type.A).addresses())
                .extracting(java.net.InetAddress::getHostAddress)
                .containsExactly("192.0.2.25");
    }

    @Test
    void asksWithEdns0AndTheDnssecOkBit() {
        client().lookup("example.test", Type.MX);

        assertThat(dns.queries()).singleElement().satisfies(q -> {
            assertThat(q.dnssecOk()).isTrue();
            assertThat(q.transport()).isEqualTo(LoggedQuery.Transport.UDP);
        });
    }

    @Test
    void reportsNxdomainForMissingName() {
        DnsAnswer a = client().lookup("nope.example.test", Type.TXT);

        assertThat(a.outcome()).isEqualTo(DnsOutcome.NXDOMAIN);
        assertThat(a.records()).isEmpty();
        assertThat(a.isFailure()).isFalse();
    }

    @Test
    void reportsNodataForExistingNameWithoutThatType() {
        DnsAnswer a = client().lookup("mail.example.test", Type.TXT);

        assertThat(a.outcome()).isEqualTo(DnsOutcome.NODATA);
        assertThat(a.records()).isEmpty();
    }

    @Test
    void retriesOverTcpWhenTheUdpAnswerIsTruncated() {
        dns.truncateUdp("example.test", Type.TXT);

        DnsAnswer a = client().lookup("example.test", Type.TXT);

        assertThat(a.outcome()).isEqualTo(DnsOutcome.OK);
        assertThat(a.tcp()).isTrue();
        assertThat(a.txtJoined()).containsExactly("v=spf1 -all");
        assertThat(dns.queries())
                .extracting(LoggedQuery::transport)
                .containsExactly(LoggedQuery.Transport.UDP, LoggedQuery.Transport.TCP);
    }

    @Test
    void timesOutAfterTheConfiguredTriesWithinTheBound() {
        dns.timeout("slow.example.test");
        DnsClient client = client(settings(dns.address()).withTimeout(Duration.ofMillis(200), 2));

        long start = System.nanoTime();
        DnsAnswer a = client.lookup("slow.example.test", Type.TXT);
        Duration took = Duration.ofNanos(System.nanoTime() - start);

        assertThat(a.outcome()).isEqualTo(DnsOutcome.TIMEOUT);
        assertThat(a.dnssec()).isEqualTo(DnssecStatus.INDETERMINATE);
        assertThat(a.error())
                .hasValueSatisfying(e -> assertThat(e).contains("3 tries").contains(serverLabel()));
        assertThat(dns.queryCount("slow.example.test", Type.TXT)).isEqualTo(3);
        assertThat(took).isBetween(Duration.ofMillis(550), Duration.ofMillis(2_000));
    }

    @Test
    void failsOverToTheNextServerWhenTheFirstDoesNotAnswer() {
        try (TestDnsServer dead = TestDnsServer.builder().zone(ZONE).start()) {
            dead.timeout("example.test");
            DnsClient client = client(settings(dead.address(), dns.address()).withTimeout(Duration.ofMillis(200), 0));

            DnsAnswer a = client.lookup("example.test", Type.TXT);

            assertThat(a.outcome()).isEqualTo(DnsOutcome.OK);
            assertThat(a.server()).isEqualTo(serverLabel());
            assertThat(dead.queryCount("example.test", Type.TXT)).isEqualTo(1);
        }
    }

    @Test
    void reportsServfailRefusedAndFormerrAsFailures() {
        dns.servfail("sf.example.test").refused("ref.example.test").formerr("fe.example.test");
        DnsClient client = client();

        DnsAnswer servfail = client.lookup("sf.example.test", Type.A);
        DnsAnswer refused = client.lookup("ref.example.test", Type.A);
        DnsAnswer formerr = client.lookup("fe.example.test", Type.A);

        assertThat(servfail.outcome()).isEqualTo(DnsOutcome.SERVFAIL);
        assertThat(servfail.isFailure()).isTrue();
        assertThat(servfail.dnssec()).isEqualTo(DnssecStatus.INDETERMINATE);
        assertThat(refused.outcome()).isEqualTo(DnsOutcome.REFUSED);
        assertThat(refused.error())
                .hasValueSatisfying(e -> assertThat(e).contains("REFUSED").contains(serverLabel()));
        assertThat(formerr.outcome()).isEqualTo(DnsOutcome.ERROR);
        assertThat(formerr.error()).hasValueSatisfying(e -> assertThat(e).contains("FORMERR"));
    }

    @Test
    void answersARepeatedQuestionFromTheCache() {
        DnsClient client = client();

        DnsAnswer first = client.lookup("example.test", Type.TXT);
        DnsAnswer second = client.lookup("example.test.", Type.TXT);

        assertThat(first.fromCache()).isFalse();
        assertThat(second.fromCache()).isTrue();
        assertThat(second.server()).isEqualTo("cache");
        assertThat(second.txtJoined()).containsExactly("v=spf1 -all");
        assertThat(dns.queryCount("example.test", Type.TXT)).isEqualTo(1);
    }

    @Test
    void cachesNxdomainAndNodataNegatively() {
        DnsClient client = client();

        client.lookup("nope.example.test", Type.TXT);
        DnsAnswer again = client.lookup("nope.example.test", Type.TXT);
        client.lookup("mail.example.test", Type.TXT);
        DnsAnswer nodataAgain = client.lookup("mail.example.test", Type.TXT);

        assertThat(again.outcome()).isEqualTo(DnsOutcome.NXDOMAIN);
        assertThat(again.fromCache()).isTrue();
        assertThat(nodataAgain.outcome()).isEqualTo(DnsOutcome.NODATA);
        assertThat(nodataAgain.fromCache()).isTrue();
        assertThat(dns.queryCount()).isEqualTo(2);
    }

    @Test
    void asksAgainOnceTheTtlHasRunOut() {
        DnsClient client = client();
        client.lookup("short.example.test", Type.TXT);

        await().atMost(Duration.ofSeconds(5))
                .pollInterval(Duration.ofMillis(100))
                .until(() -> !client.lookup("short.example.test", Type.TXT).fromCache());

        assertThat(dns.queryCount("short.example.test", Type.TXT)).isEqualTo(2);
    }

    @Test
    void remembersServfailOnlyForAFewSeconds() {
        dns.servfail("example.test", Type.TXT);
        DnsClient client = client();
        assertThat(client.lookup("example.test", Type.TXT).outcome()).isEqualTo(DnsOutcome.SERVFAIL);
        dns.clearFaults();

        await().atMost(Duration.ofSeconds(5))
                .pollInterval(Duration.ofMillis(200))
                .until(() -> client.lookup("example.test", Type.TXT).outcome() == DnsOutcome.OK);
    }

    @Test
    void followsACnameChainToTheRecordsOfTheFinalName() {
        DnsAnswer a = client().lookup("www.example.test", Type.TXT);

        assertThat(a.outcome()).isEqualTo(DnsOutcome.OK);
        assertThat(a.name()).isEqualTo("www.example.test.");
        assertThat(a.recordsOf(TXTRecord.class))
                .singleElement()
                .satisfies(r -> assertThat(r.getName().toString()).isEqualTo("hop2.example.test."));
        assertThat(a.cnameChain())
                .extracting(r -> ((CNAMERecord) r).getTarget().toString())
                .containsExactly("hop1.example.test.", "hop2.example.test.");
        assertThat(a.txtJoined()).containsExactly("end of chain");
    }

    @Test
    void reportsACnameLoopAsError() {
        DnsAnswer a = client().lookup("loop1.example.test", Type.TXT);

        assertThat(a.outcome()).isEqualTo(DnsOutcome.ERROR);
        assertThat(a.error()).hasValue("CNAME loop at loop1.example.test.");
        assertThat(a.records()).isEmpty();
    }

    @Test
    void rejectsACnameChainLongerThanTheLimit() {
        DnsSettings s = settings(dns.address());
        DnsClient client = client(new DnsSettings(
                s.resolvers(),
                s.timeout(),
                s.retries(),
                s.dnssecMode(),
                s.trustAnchors(),
                s.cacheMaxEntries(),
                2,
                s.maxResponseBytes(),
                60,
                400));

        DnsAnswer a = client.lookup("c1.example.test", Type.TXT);

        assertThat(a.outcome()).isEqualTo(DnsOutcome.ERROR);
        assertThat(a.error()).hasValueSatisfying(e -> assertThat(e).contains("CNAME chain longer than 2"));
    }

    @Test
    void rejectsAResponseLargerThanTheLimit() {
        DnsSettings s = settings(dns.address());
        DnsClient client = client(new DnsSettings(
                s.resolvers(),
                s.timeout(),
                s.retries(),
                s.dnssecMode(),
                s.trustAnchors(),
                s.cacheMaxEntries(),
                8,
                600,
                60,
                400));

        DnsAnswer a = client.lookup("big.example.test", Type.TXT);

        assertThat(a.outcome()).isEqualTo(DnsOutcome.ERROR);
        assertThat(a.error()).hasValueSatisfying(e -> assertThat(e).contains("exceeds the limit of 600 bytes"));
        assertThat(client.lookup("example.test", Type.TXT).outcome()).isEqualTo(DnsOutcome.OK);
    }

    @Test
    void stopsAskingOnceTheSessionBudgetIsSpentButStillAnswersFromTheCache() {
        DnsClient client = client();
        DnsSession session = client.session(2, Instant.now().plusSeconds(30));

        session.lookup("example.test", Type.TXT);
        session.lookup("example.test", Type.TXT); // cache hit: not charged
        session.lookup("example.test", Type.MX);
        DnsAnswer refused = session.lookup("mail.example.test", Type.A);
        DnsAnswer cached = session.lookup("example.test", Type.MX);

        assertThat(refused.outcome()).isEqualTo(DnsOutcome.BUDGET_EXHAUSTED);
        assertThat(refused.error()).hasValueSatisfying(e -> assertThat(e).contains("budget of 2 queries"));
        assertThat(cached.outcome()).isEqualTo(DnsOutcome.OK);
        assertThat(session.budgetExhausted()).isTrue();
        assertThat(session.lookups()).isEqualTo(5);
        assertThat(session.answers())
                .hasSize(5)
                .extracting(DnsAnswer::outcome)
                .containsExactly(
                        DnsOutcome.OK, DnsOutcome.OK, DnsOutcome.OK, DnsOutcome.BUDGET_EXHAUSTED, DnsOutcome.OK);
        assertThat(dns.queryCount("mail.example.test", Type.A)).isZero();
        assertThat(dns.queryCount()).isEqualTo(2);
    }

    @Test
    void answersTimeoutWithoutNetworkPastTheDeadline() {
        DnsSession session = client().session(10, Instant.now().minusMillis(1));

        DnsAnswer a = session.lookup("example.test", Type.TXT);

        assertThat(a.outcome()).isEqualTo(DnsOutcome.TIMEOUT);
        assertThat(a.error()).hasValueSatisfying(e -> assertThat(e).contains("deadline"));
        assertThat(session.budgetExhausted()).isFalse();
        assertThat(dns.queryCount()).isZero();
    }

    @Test
    void stopsWaitingAtTheDeadlineOfASession() {
        dns.delay("slow.example.test", Duration.ofMillis(250));
        DnsClient client = client(settings(dns.address()).withTimeout(Duration.ofSeconds(2), 0));
        DnsSession session = client.session(10, Instant.now().plusMillis(100));

        DnsAnswer a = session.lookup("slow.example.test", Type.TXT);

        assertThat(a.outcome()).isEqualTo(DnsOutcome.TIMEOUT);
    }

    @Test
    void answersErrorForInvalidNamesWithoutAsking() {
        DnsClient client = client();
        List<String> bad = List.of(
                "",
                " ",
                "a..example.test",
                ".example.test",
                "x".repeat(64) + ".test",
                "bücher.test",
                "a\u0000b.test",
                "tab\tname.test");

        for (String name : bad) {
            DnsAnswer a = client.lookup(name, Type.A);
            assertThat(a.outcome()).as(name).isEqualTo(DnsOutcome.ERROR);
            assertThat(a.error()).as(name).isPresent();
        }
        assertThat(client.lookup(null, Type.A).outcome()).isEqualTo(DnsOutcome.ERROR);
        assertThat(client.lookup("example.test", -1).outcome()).isEqualTo(DnsOutcome.ERROR);
        assertThat(client.lookup("example.test", Type.AXFR).outcome()).isEqualTo(DnsOutcome.ERROR);
        assertThat(client.lookup("a..example.test", Type.A).error())
                .hasValueSatisfying(
                        e -> assertThat(e).contains("a..example.test").contains("empty label"));
        assertThat(dns.queryCount()).isZero();
    }

    @Test
    void acceptsServiceLabelsWithUnderscores() {
        dns.addZone("""
                $ORIGIN other.test.
                @            300 IN SOA ns1 hostmaster 1 3600 600 86400 60
                _dmarc       300 IN TXT "v=DMARC1; p=reject"
                """);

        DnsAnswer a = client().lookup("_dmarc.other.test", Type.TXT);

        assertThat(a.txtJoined()).containsExactly("v=DMARC1; p=reject");
    }

    @Test
    void sendsConcurrentIdenticalQuestionsOnce() {
        dns.delay("slow.example.test", Duration.ofMillis(200));
        DnsClient client = client(settings(dns.address()).withTimeout(Duration.ofSeconds(2), 0));

        List<CompletableFuture<DnsAnswer>> answers = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            answers.add(client.lookupAsync("slow.example.test", Type.TXT));
        }

        assertThat(answers).allSatisfy(f -> assertThat(f.join().txtJoined()).containsExactly("slow"));
        assertThat(dns.queryCount("slow.example.test", Type.TXT)).isEqualTo(1);
    }

    @Test
    void answersManyDistinctQuestionsInParallel() throws Exception {
        StringBuilder zone = new StringBuilder("""
                $ORIGIN bulk.test.
                @ 300 IN SOA ns1 hostmaster 1 3600 600 86400 60
                """);
        for (int i = 0; i < 300; i++) {
            zone.append("d")
                    .append(i)
                    .append(" 300 IN TXT \"v=spf1 include:d")
                    .append(i)
                    .append(" -all\"\n");
        }
        dns.addZone(zone.toString());
        DnsClient client = client(settings(dns.address()).withTimeout(Duration.ofSeconds(2), 1));

        List<CompletableFuture<DnsAnswer>> answers = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            answers.add(client.lookupAsync("d" + i + ".bulk.test", Type.TXT));
        }

        for (int i = 0; i < 300; i++) {
            assertThat(answers.get(i).join().txtJoined()).containsExactly("v=spf1 include:d" + i + " -all");
        }
        assertThat(client.cacheSize()).isEqualTo(300);
    }

    @Test
    void boundsTheCacheToItsConfiguredSize() {
        DnsSettings s = settings(dns.address());
        DnsClient client = client(new DnsSettings(
                s.resolvers(),
                s.timeout(),
                s.retries(),
                s.dnssecMode(),
                s.trustAnchors(),
                3,
                8,
                s.maxResponseBytes(),
                60,
                400));

        for (String name : List.of(
                "example.test",
                "mail.example.test",
                "www.example.test",
                "hop1.example.test",
                "hop2.example.test",
                "c4.example.test")) {
            client.lookup(name, Type.TXT);
        }

        assertThat(client.cacheSize()).isLessThanOrEqualTo(3);
    }
}
