/**
 * A real DNS server for tests. {@link dev.mailward.testdns.TestDnsServer} listens on 127.0.0.1
 * (UDP and TCP on the same ephemeral port) and answers like a recursive resolver in front of the
 * zones loaded into it, with per-name fault injection and a query log.
 * {@link dev.mailward.testdns.TestZoneSigner} signs zones at test time (ECDSA P-256, NSEC) and
 * builds delegation chains with a root trust anchor.
 *
 * <h2>Plain zones</h2>
 * <pre>{@code
 * try (TestDnsServer dns = TestDnsServer.builder()
 *         .zoneResource("zones/example.test.zone")          // src/test/resources/zones/...
 *         .zone("""
 *               $ORIGIN other.test.
 *               @   300 IN SOA ns1 hostmaster 1 3600 600 86400 300
 *               @   300 IN TXT "v=spf1 -all"
 *               """)
 *         .start()) {
 *     SimpleResolver resolver = new SimpleResolver(dns.address());   // or the production Dns
 *     dns.timeout("slow.example.test").servfail("broken.example.test", Type.TXT);
 *     // ... run the code under test against dns.address() ...
 *     assertThat(dns.queryCount("example.test", Type.TXT)).isEqualTo(1);
 *     dns.replaceZone(changedZoneText);                      // a later scan sees the regression
 * }
 * }</pre>
 *
 * <h2>DNSSEC</h2>
 * <pre>{@code
 * SignedZones chain = TestZoneSigner.chain()
 *         .signed(".")                                  // minimal generated zones
 *         .signed("test.")
 *         .signed("example.test.", exampleZoneText)     // NS + DS go into "test." automatically
 *         .unsigned("insecure.test.", insecureText)     // NS only, proven insecure by NSEC
 *         .signedWithWrongDs("badds.test.")             // BOGUS: DS matches no key
 *         .build();
 * try (TestDnsServer dns = TestDnsServer.builder().zones(chain).start()) {
 *     ValidatingResolver v = new ValidatingResolver(new SimpleResolver(dns.address()));
 *     v.loadTrustAnchors(chain.trustAnchorStream());    // chain.trustAnchor() is the DS text
 *     dns.bogus("www.example.test");                    // corrupt the RRSIGs served for that name
 *     dns.adBit(true);                                  // or: act as a trusted validating resolver
 *     dns.replaceZone(chain.signer("example.test.").sign(newText));   // re-sign with the same key
 * }
 * }</pre>
 *
 * <h2>Behaviour</h2>
 * <ul>
 * <li>AA and RA are set, RD and CD echoed. CNAME chains are followed through loaded zones (at most
 * {@link dev.mailward.testdns.TestDnsServer#MAX_CNAME_CHAIN} hops; a loop stops where it repeats,
 * NOERROR); a chain leaving the loaded zones ends with the last CNAME, NOERROR; a dangling CNAME
 * gives NXDOMAIN with the chain in the answer (RFC 6604). Wildcards are synthesized.</li>
 * <li>NXDOMAIN and NODATA (also for empty non-terminals) carry the zone's SOA in authority.</li>
 * <li>Names in no loaded zone: REFUSED (or SERVFAIL, {@code outOfZoneRcode}). Names at or below a
 * delegation to a zone that is not loaded: SERVFAIL. DS is answered from the parent zone when it
 * is loaded (RFC 4035 3.1.4.1).</li>
 * <li>EDNS0: the OPT is echoed with DO copied; version other than 0 gets BADVERS. UDP answers
 * larger than the client's payload size (512 without EDNS) come back empty with TC set.</li>
 * <li>With DO: RRSIGs for every served RRset of a signed zone, and NSEC proofs for NXDOMAIN,
 * NODATA and wildcard answers. Without DO: no DNSSEC records.</li>
 * <li>{@code adBit(true)}: AD on NOERROR/NXDOMAIN answers whose zones are all secure (signed, or
 * marked with {@code secure(origin, true)}) when the query set DO or AD (RFC 6840 5.8); data
 * marked {@code bogus} gives SERVFAIL unless the query set CD.</li>
 * <li>Garbage: a packet with a full header and QR clear gets FORMERR, anything else is dropped;
 * responses (QR set) are ignored; other opcodes get NOTIMP.</li>
 * <li>Faults per name, optionally per type: {@code timeout}, {@code servfail}, {@code refused},
 * {@code formerr}, {@code rcode}, {@code truncateUdp}, {@code delay} (combines with the others),
 * {@code bogus}; {@code clearFaults}. The query log records every parsed query (also those that
 * time out) with name, type, transport and DO bit.</li>
 * </ul>
 */
package dev.mailward.testdns;
