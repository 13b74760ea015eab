package dev.mailward.testdns;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.DClass;
import org.xbill.DNS.ExtendedFlags;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.Type;
import org.xbill.DNS.dnssec.ValidatingResolver;

/** Checks the signed zones against dnsjava's own validator, the way the production code will. */
class TestDnsServerDnssecTests {

    static final String EXAMPLE = """
            @        300 IN SOA ns1 hostmaster 1 3600 600 86400 300
            @        300 IN NS  ns1
            ns1      300 IN A   127.0.0.1
            @        300 IN MX  10 mail
            @        300 IN TXT "v=spf1 mx -all"
            mail     300 IN A   192.0.2.25
            www      300 IN A   192.0.2.80
            alias    300 IN CNAME www
            other    300 IN CNAME www.other.test.
            *.wild   300 IN TXT "wildcard"
            _25._tcp.mail 300 IN TLSA 3 1 1 0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef
            """;

    static SignedZones chain;

    private TestDnsServer server;

    @BeforeAll
    static void signOnce() {
        chain = TestZoneSigner.chain()
                .signed(".")
                .signed("test.")
                .signed("example.test.", EXAMPLE)
                .signed("other.test.", """
                        @   300 IN SOA ns1 hostmaster 1 3600 600 86400 300
                        @   300 IN NS  ns1
                        ns1 300 IN A   127.0.0.1
                        www 300 IN A   192.0.2.81
                        """)
                .unsigned("insecure.test.", """
                        @   300 IN SOA ns1 hostmaster 1 3600 600 86400 300
                        @   300 IN NS  ns1
                        ns1 300 IN A   127.0.0.1
                        www 300 IN A   192.0.2.82
                        """)
                .signedWithWrongDs("badds.test.")
                .build();
    }

    @BeforeEach
    void startServer() {
        server = TestDnsServer.builder().zones(chain).start();
    }

    @AfterEach
    void stopServer() {
        server.close();
    }

    private ValidatingResolver validator() throws IOException {
        SimpleResolver head = new SimpleResolver(server.address());
        head.setTimeout(Duration.ofSeconds(2));
        ValidatingResolver validator = new ValidatingResolver(head);
        validator.loadTrustAnchors(chain.trustAnchorStream());
        return validator;
    }

    private Message validate(String name, int type) throws IOException {
        return validator().send(Message.newQuery(Record.newRecord(Name.fromString(name, Name.root), type, DClass.IN)));
    }

    private Message queryDo(String name, int type) throws IOException {
        SimpleResolver resolver = new SimpleResolver(server.address());
        resolver.setTimeout(Duration.ofSeconds(2));
        resolver.setEDNS(0, 1232, ExtendedFlags.DO, List.of());
        return resolver.send(Message.newQuery(Record.newRecord(Name.fromString(name, Name.root), type, DClass.IN)));
    }

    private static boolean ad(Message m) {
        return m.getHeader().getFlag(Flags.AD);
    }

    @Test
    void validatesSignedAnswersAsSecure() throws IOException {
        Message response = validate("www.example.test", Type.A);

        assertThat(response.getRcode()).isEqualTo(Rcode.NOERROR);
        assertThat(ad(response)).as("AD set by the validator").isTrue();
        assertThat(response.getSection(Section.ANSWER))
                .extracting(Record::getType)
                .contains(Type.A);
    }

    @Test
    void provesNxdomainNodataAndEmptyNonTerminalsSecurely() throws IOException {
        Message nx = validate("nope.example.test", Type.A);
        Message nodata = validate("www.example.test", Type.TXT);
        Message ent = validate("_tcp.mail.example.test", Type.TXT);

        assertThat(nx.getRcode()).isEqualTo(Rcode.NXDOMAIN);
        assertThat(ad(nx)).isTrue();
        assertThat(nodata.getRcode()).isEqualTo(Rcode.NOERROR);
        assertThat(ad(nodata)).isTrue();
        assertThat(ent.getRcode()).isEqualTo(Rcode.NOERROR);
        assertThat(ad(ent)).isTrue();
    }

    @Test
    void validatesWildcardAnswersAndWildcardNodata() throws IOException {
        Message answer = validate("anything.wild.example.test", Type.TXT);
        Message nodata = validate("anything.wild.example.test", Type.A);

        assertThat(answer.getRcode()).isEqualTo(Rcode.NOERROR);
        assertThat(ad(answer)).isTrue();
        assertThat(answer.getSection(Section.ANSWER))
                .extracting(Record::getType)
                .contains(Type.TXT);
        assertThat(nodata.getRcode()).isEqualTo(Rcode.NOERROR);
        assertThat(ad(nodata)).isTrue();
    }

    @Test
    void validatesCnameChainsAcrossSignedZones() throws IOException {
        Message inZone = validate("alias.example.test", Type.A);
        Message crossZone = validate("other.example.test", Type.A);

        assertThat(ad(inZone)).isTrue();
        assertThat(ad(crossZone)).isTrue();
        assertThat(crossZone.getSection(Section.ANSWER))
                .extracting(Record::getType)
                .contains(Type.CNAME, Type.A);
    }

    @Test
    void validatesTlsaAndDnskeyQueries() throws IOException {
        assertThat(ad(validate("_25._tcp.mail.example.test", Type.TLSA))).isTrue();
        assertThat(ad(validate("example.test", Type.DNSKEY))).isTrue();
        assertThat(ad(validate("example.test", Type.DS))).isTrue();
    }

    @Test
    void treatsAnUnsignedChildOfASignedParentAsInsecure() throws IOException {
        Message response = validate("www.insecure.test", Type.A);

        assertThat(response.getRcode()).isEqualTo(Rcode.NOERROR);
        assertThat(ad(response)).isFalse();
        assertThat(response.getSection(Section.ANSWER)).hasSize(1);
    }

    @Test
    void failsValidationOfCorruptedSignatures() throws IOException {
        server.bogus("www.example.test");

        assertThat(validate("www.example.test", Type.A).getRcode()).isEqualTo(Rcode.SERVFAIL);
        assertThat(validate("mail.example.test", Type.A).getRcode()).isEqualTo(Rcode.NOERROR);
    }

    @Test
    void failsValidationWhenTheParentDsMatchesNoKey() throws IOException {
        assertThat(validate("ns1.badds.test", Type.A).getRcode()).isEqualTo(Rcode.SERVFAIL);
    }

    @Test
    void failsValidationOfExpiredSignatures() throws IOException {
        SignedZones expired = TestZoneSigner.chain()
                .validity(
                        Instant.now().minus(Duration.ofDays(30)), Instant.now().minus(Duration.ofDays(1)))
                .signed(".")
                .signed("example.test.", EXAMPLE)
                .build();
        try (TestDnsServer old = TestDnsServer.builder().zones(expired).start()) {
            ValidatingResolver validator = new ValidatingResolver(new SimpleResolver(old.address()));
            validator.loadTrustAnchors(expired.trustAnchorStream());

            Message response = validator.send(
                    Message.newQuery(Record.newRecord(Name.fromString("www.example.test."), Type.A, DClass.IN)));

            assertThat(response.getRcode()).isEqualTo(Rcode.SERVFAIL);
        }
    }

    @Test
    void includesSignaturesAndDenialProofsOnlyWhenDoIsSet() throws IOException {
        Message withDo = queryDo("nope.example.test", Type.A);
        SimpleResolver plain = new SimpleResolver(server.address());
        Message withoutDo = plain.send(
                Message.newQuery(Record.newRecord(Name.fromString("nope.example.test."), Type.A, DClass.IN)));

        assertThat(withDo.getSection(Section.AUTHORITY))
                .extracting(Record::getType)
                .contains(Type.SOA, Type.RRSIG, Type.NSEC);
        assertThat(withDo.getOPT().getFlags() & ExtendedFlags.DO).isNotZero();
        assertThat(withoutDo.getSection(Section.AUTHORITY))
                .extracting(Record::getType)
                .containsExactly(Type.SOA);
    }

    @Test
    void answersDsFromTheParentAndProvesItsAbsenceForInsecureDelegations() throws IOException {
        Message ds = queryDo("example.test", Type.DS);
        Message noDs = queryDo("insecure.test", Type.DS);

        assertThat(ds.getSection(Section.ANSWER)).extracting(Record::getType).containsExactly(Type.DS, Type.RRSIG);
        assertThat(ds.getSection(Section.ANSWER))
                .last()
                .satisfies(sig -> assertThat(((org.xbill.DNS.RRSIGRecord) sig).getSigner())
                        .hasToString("test."));
        assertThat(noDs.getSection(Section.ANSWER)).isEmpty();
        assertThat(noDs.getSection(Section.AUTHORITY))
                .filteredOn(r -> r.getType() == Type.NSEC)
                .singleElement()
                .satisfies(nsec -> {
                    assertThat(nsec.getName()).hasToString("insecure.test.");
                    assertThat(((org.xbill.DNS.NSECRecord) nsec).hasType(Type.NS))
                            .isTrue();
                    assertThat(((org.xbill.DNS.NSECRecord) nsec).hasType(Type.DS))
                            .isFalse();
                });
    }

    @Test
    void setsAdLikeAValidatingResolverWhenAsked() throws IOException {
        server.adBit(true);

        assertThat(ad(queryDo("www.example.test", Type.A))).isTrue();
        assertThat(ad(queryDo("nope.example.test", Type.A))).isTrue();
        assertThat(ad(queryDo("www.insecure.test", Type.A))).isFalse();
        SimpleResolver noEdns = new SimpleResolver(server.address());
        noEdns.setEDNS(-1);
        assertThat(ad(noEdns.send(
                        Message.newQuery(Record.newRecord(Name.fromString("www.example.test."), Type.A, DClass.IN)))))
                .as("no AD without DO or AD in the query (RFC 6840 5.8)")
                .isFalse();

        server.secure("insecure.test.", true);

        assertThat(ad(queryDo("www.insecure.test", Type.A))).isTrue();
    }

    @Test
    void answersServfailForBogusDataWhenActingAsValidatorUnlessCheckingIsDisabled() throws IOException {
        server.adBit(true).bogus("www.example.test");

        assertThat(queryDo("www.example.test", Type.A).getRcode()).isEqualTo(Rcode.SERVFAIL);

        Message cd = Message.newQuery(Record.newRecord(Name.fromString("www.example.test."), Type.A, DClass.IN));
        cd.getHeader().setFlag(Flags.CD);
        SimpleResolver resolver = new SimpleResolver(server.address());
        resolver.setEDNS(0, 1232, ExtendedFlags.DO, List.of());
        Message unchecked = resolver.send(cd);
        assertThat(unchecked.getRcode()).isEqualTo(Rcode.NOERROR);
        assertThat(ad(unchecked)).isFalse();
    }

    @Test
    void servesTheSignedZoneTextAsAPreSignedZone() throws IOException {
        try (TestDnsServer fromText = TestDnsServer.start()) {
            chain.zones().forEach(z -> fromText.addZone(z.text()));
            ValidatingResolver validator = new ValidatingResolver(new SimpleResolver(fromText.address()));
            validator.loadTrustAnchors(chain.trustAnchorStream());

            Message response = validator.send(
                    Message.newQuery(Record.newRecord(Name.fromString("www.example.test."), Type.A, DClass.IN)));

            assertThat(ad(response)).isTrue();
        }
    }

    @Test
    void signsAndServesHostileRecordDataThatStillValidates() throws IOException {
        SignedZones hostile = TestZoneSigner.chain()
                .signed(".")
                .signed("hostile.test.", TestDnsServer.readResource("zones/hostile.test.zone"))
                .build();
        try (TestDnsServer dns = TestDnsServer.builder().zones(hostile).start()) {
            SimpleResolver head = new SimpleResolver(dns.address());
            head.setTimeout(Duration.ofSeconds(2));
            ValidatingResolver validator = new ValidatingResolver(head);
            validator.loadTrustAnchors(hostile.trustAnchorStream());

            for (String name : List.of(
                    "big4k.hostile.test.",
                    "odd\\032name.hostile.test.",
                    "dot\\.inlabel.hostile.test.",
                    "bin\\000\\255.hostile.test.",
                    "chain0.hostile.test.")) {
                int type = name.startsWith("chain") ? Type.A : Type.TXT;
                Message response =
                        validator.send(Message.newQuery(Record.newRecord(Name.fromString(name), type, DClass.IN)));
                assertThat(response.getRcode()).as(name).isEqualTo(Rcode.NOERROR);
                assertThat(ad(response)).as(name + " is secure").isTrue();
            }
            Message nx = validator.send(Message.newQuery(
                    Record.newRecord(Name.fromString("odd\\033name.hostile.test."), Type.TXT, DClass.IN)));
            assertThat(nx.getRcode()).isEqualTo(Rcode.NXDOMAIN);
            assertThat(ad(nx)).isTrue();
            assertThat(dns.queries()).extracting(LoggedQuery::transport).contains(LoggedQuery.Transport.TCP);
        }
    }

    @Test
    void reSignedReplacementZonesStayValidUntilTheirSignaturesExpire() throws IOException {
        String changed = EXAMPLE.replace("192.0.2.80", "192.0.2.180");
        SignedZone resigned = chain.signer("example.test.").sign(changed);

        server.replaceZone(resigned);

        Message fresh = validate("www.example.test", Type.A);
        assertThat(ad(fresh)).isTrue();
        assertThat(fresh.getSection(Section.ANSWER))
                .filteredOn(r -> r.getType() == Type.A)
                .singleElement()
                .extracting(Record::rdataToString)
                .isEqualTo("192.0.2.180");

        Instant now = Instant.now();
        server.replaceZone(chain.signer("example.test.")
                .validity(now.minus(Duration.ofDays(10)), now.minus(Duration.ofDays(1)))
                .sign(changed));

        assertThat(validate("www.example.test", Type.A).getRcode()).isEqualTo(Rcode.SERVFAIL);
    }
}
