package dev.mailward.inventory;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.Type;

class DiscoveryIntegrationTests extends InventoryTestSupport {

    private long teamId;

    @BeforeEach
    void team() {
        teamId = team(unique("disc"));
    }

    private static String zone(String origin, String body) {
        return "$ORIGIN " + origin + ".\n"
                + "@ 300 IN SOA ns1 hostmaster 1 3600 600 86400 60\n"
                + "@ 300 IN NS ns1\n"
                + "ns1 300 IN A 192.0.2.53\n"
                + body;
    }

    private DomainDetails add(String name) {
        return inventory.addDomain(new AddDomain(name, teamId, List.of(), List.of(), AddDomain.DEFAULT_INTERVAL, ""));
    }

    @Test
    void recordsMxHostsWithTheirAddressesAndSrvEndpoints() {
        String d = unique("mx") + ".test";
        DNS.addZone(zone(d, """
                @ 300 IN MX 10 mail
                @ 300 IN MX 20 backup
                mail 300 IN A 192.0.2.25
                mail 300 IN AAAA 2001:db8::25
                backup 300 IN CNAME mail
                _submission._tcp 300 IN SRV 0 1 587 mail
                _imaps._tcp 300 IN SRV 0 1 993 imap
                _pop3._tcp 300 IN SRV 0 0 0 .
                imap 300 IN A 192.0.2.143
                """));

        DomainDetails details = add(d);

        assertThat(details.discoveryStatus()).isEqualTo(DiscoveryStatus.MX_FOUND);
        assertThat(details.mailServers())
                .extracting(
                        DomainDetails.ServedBy::hostname,
                        DomainDetails.ServedBy::role,
                        DomainDetails.ServedBy::preference)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("mail." + d, EndpointRole.MX, 10),
                        org.assertj.core.groups.Tuple.tuple("backup." + d, EndpointRole.MX, 20),
                        org.assertj.core.groups.Tuple.tuple("mail." + d, EndpointRole.SUBMISSION, 0),
                        org.assertj.core.groups.Tuple.tuple("imap." + d, EndpointRole.IMAPS, 0));
        DomainDetails.ServedBy mail = details.mailServers().getFirst();
        assertThat(mail.addresses()).containsExactlyInAnyOrder("192.0.2.25", "2001:db8::25");
        assertThat(mail.endpoints())
                .containsExactly(
                        new DomainDetails.Endpoint(EndpointRole.MX, 25, EndpointSource.DISCOVERED),
                        new DomainDetails.Endpoint(EndpointRole.SUBMISSION, 587, EndpointSource.DISCOVERED));
        assertThat(details.discoveryMessage())
                .contains("backup." + d + " is an alias (CNAME)")
                .contains("_pop3._tcp." + d + " says the service is not offered");
    }

    @Test
    void recordsTheFirstTenMxHostsAndTenTargetsPerSrvServiceAndNotesTheRest() {
        String d = unique("many") + ".test";
        StringBuilder body = new StringBuilder();
        for (int i = 1; i <= 11; i++) {
            body.append("@ 300 IN MX ").append(i).append(" mx").append(i).append('\n');
            body.append("mx").append(i).append(" 300 IN A 192.0.2.").append(i).append('\n');
            body.append("_imaps._tcp 300 IN SRV ")
                    .append(i)
                    .append(" 0 993 imap")
                    .append(i)
                    .append('\n');
            body.append("imap")
                    .append(i)
                    .append(" 300 IN A 192.0.2.")
                    .append(100 + i)
                    .append('\n');
        }
        DNS.addZone(zone(d, body.toString()));

        DomainDetails details = add(d);

        assertThat(details.mailServers())
                .filteredOn(s -> s.role() == EndpointRole.MX)
                .extracting(DomainDetails.ServedBy::hostname)
                .containsExactlyElementsOf(java.util.stream.IntStream.rangeClosed(1, 10)
                        .mapToObj(i -> "mx" + i + "." + d)
                        .toList());
        assertThat(details.mailServers())
                .filteredOn(s -> s.role() == EndpointRole.IMAPS)
                .extracting(DomainDetails.ServedBy::hostname)
                .containsExactlyElementsOf(java.util.stream.IntStream.rangeClosed(1, 10)
                        .mapToObj(i -> "imap" + i + "." + d)
                        .toList());
        assertThat(details.discoveryMessage()).contains("11 MX hosts; only the first 10 are recorded.");
    }

    @Test
    void nullMxIsRecordedAsAcceptingNoMail() {
        String d = unique("nullmx") + ".test";
        DNS.addZone(zone(d, "@ 300 IN MX 0 .\n"));

        DomainDetails details = add(d);

        assertThat(details.discoveryStatus()).isEqualTo(DiscoveryStatus.NULL_MX);
        assertThat(details.nullMx()).isTrue();
        assertThat(details.mailServers()).isEmpty();
        assertThat(details.discoveryMessage()).contains("accepts no mail");
    }

    @Test
    void domainWithoutMxUsesItsOwnAddressAsImplicitMx() {
        String d = unique("nomx") + ".test";
        DNS.addZone(zone(d, "@ 300 IN A 192.0.2.80\n"));

        DomainDetails details = add(d);

        assertThat(details.discoveryStatus()).isEqualTo(DiscoveryStatus.IMPLICIT_MX);
        assertThat(details.mailServers()).singleElement().satisfies(s -> {
            assertThat(s.hostname()).isEqualTo(d);
            assertThat(s.role()).isEqualTo(EndpointRole.MX);
            assertThat(s.addresses()).containsExactly("192.0.2.80");
        });
        assertThat(details.discoveryMessage()).contains("implicit MX");
    }

    @Test
    void nonExistentDomainCannotReceiveMail() {
        String d = unique("gone") + ".test";
        DNS.addZone(zone(d, ""));

        DomainDetails details = add("sub." + d);

        assertThat(details.discoveryStatus()).isEqualTo(DiscoveryStatus.NO_MAIL);
        assertThat(details.discoveryMessage()).contains("does not exist in DNS").doesNotContain("NXDOMAIN");
    }

    @Test
    void dnsTimeoutIsAFailureNotAMissingMx() {
        String d = unique("slow") + ".test";
        DNS.addZone(zone(d, "@ 300 IN MX 10 mail\nmail 300 IN A 192.0.2.25\n"));
        DNS.timeout(d, Type.MX);

        DomainDetails details = add(d);

        assertThat(details.discoveryStatus()).isEqualTo(DiscoveryStatus.FAILED);
        assertThat(details.discoveryMessage())
                .contains("MX lookup for " + d + " failed: the DNS servers did not answer in time")
                .doesNotContain("TIMEOUT");
        assertThat(details.nullMx()).isFalse();
    }

    @Test
    void mxTargetThatIsAnIpAddressIsNoted() {
        String d = unique("ipmx") + ".test";
        DNS.addZone(zone(d, "@ 300 IN MX 10 192.0.2.7.\n"));

        DomainDetails details = add(d);

        assertThat(details.discoveryMessage()).contains("target 192.0.2.7 is an IP address");
        assertThat(details.mailServers()).isEmpty();
    }

    @Test
    void serverRowIsSharedByDomainsOfOneTeamOnly() {
        String hosting = unique("hosting") + ".test";
        String a = unique("a") + ".test";
        String b = unique("b") + ".test";
        DNS.addZone(zone(hosting, "mx 300 IN A 192.0.2.9\n"));
        DNS.addZone(zone(a, "@ 300 IN MX 10 mx." + hosting + ".\n"));
        DNS.addZone(zone(b, "@ 300 IN MX 10 mx." + hosting + ".\n"));

        long serverA = add(a).mailServers().getFirst().serverId();
        long serverB = add(b).mailServers().getFirst().serverId();
        assertThat(serverB).isEqualTo(serverA);
        assertThat(inventory.server(serverA).domains())
                .extracting(MailServerDetails.ServedDomain::name)
                .containsExactlyInAnyOrder(a, b);

        long otherTeam = team(unique("other"));
        String c = unique("c") + ".test";
        DNS.addZone(zone(c, "@ 300 IN MX 10 mx." + hosting + ".\n"));
        long serverC = inventory
                .addDomain(new AddDomain(c, otherTeam, List.of(), List.of(), 1440, ""))
                .mailServers()
                .getFirst()
                .serverId();
        assertThat(serverC).isNotEqualTo(serverA);
    }

    @Test
    void rediscoveryFollowsTheZoneAndKeepsServersWhenTheDnsFails() {
        String d = unique("re") + ".test";
        DNS.addZone(zone(d, "@ 300 IN MX 10 mail\nmail 300 IN A 192.0.2.25\n"));
        DomainDetails first = add(d);
        assertThat(first.mailServers())
                .extracting(DomainDetails.ServedBy::hostname)
                .containsExactly("mail." + d);

        DNS.replaceZone(zone(d, "@ 300 IN MX 5 mx2\nmx2 300 IN A 192.0.2.26\n"));
        DomainDetails second = inventory.rediscover(first.id());
        assertThat(second.mailServers())
                .extracting(DomainDetails.ServedBy::hostname)
                .containsExactly("mx2." + d);

        DNS.servfail(d, Type.MX);
        DomainDetails third = inventory.rediscover(first.id());
        assertThat(third.discoveryStatus()).isEqualTo(DiscoveryStatus.FAILED);
        assertThat(third.discoveryMessage())
                .contains("the DNS server reported a server failure")
                .doesNotContain("SERVFAIL");
        assertThat(third.mailServers())
                .extracting(DomainDetails.ServedBy::hostname)
                .containsExactly("mx2." + d);
    }
}
