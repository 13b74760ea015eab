/**
 * A real DNS server for tests: {@link dev.mailward.testdns.TestDnsServer} listens on 127.0.0.1
 * (UDP and TCP, same ephemeral port) and answers like a recursive resolver in front of the zones
 * loaded into it, with per-name fault injection and a query log.
 *
 * <pre>{@code
 * try (TestDnsServer dns = TestDnsServer.builder()
 *         .zoneResource("zones/example.test.zone")          // src/test/resources/zones/...
 *         .zone("""
 *               $ORIGIN other.test.
 *               @   300 IN SOA ns1 hostmaster 1 3600 600 86400 300
 *               @   300 IN TXT "v=spf1 -all"
 *               """)
 *         .start()) {
 *     SimpleResolver resolver = new SimpleResolver(dns.address());
 *     dns.timeout("slow.example.test").servfail("broken.example.test", Type.TXT);
 *     // ... run the code under test against dns.address() ...
 *     assertThat(dns.queryCount("example.test", Type.TXT)).isEqualTo(1);
 *     dns.replaceZone(changedZoneText);                      // a later scan sees the regression
 * }
 * }</pre>
 *
 * <p>Answers: AA and RA set, RD and CD echoed; CNAME chains are followed through loaded zones
 * (bounded, loops stop where they repeat); NXDOMAIN and NODATA carry the SOA; names in no loaded
 * zone get REFUSED (or SERVFAIL, see {@code outOfZoneRcode}); names below a delegation to a zone
 * that is not loaded get SERVFAIL. EDNS0 is echoed, the client's UDP size is honoured and
 * oversized UDP answers come back empty with TC set.
 */
package dev.mailward.testdns;
