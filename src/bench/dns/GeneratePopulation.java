/*
 * Synthetic but realistic mail-domain population for the DNS benchmark (src/bench/dns/run.sh).
 *
 *   java src/bench/dns/GeneratePopulation.java OUT_DIR N [SEED]
 *
 * JDK only. Writes into OUT_DIR:
 *   domains.txt          the N domains to check, one per line (0.5 % do not exist: NXDOMAIN)
 *   zones/<zone>.zone    nsd zone files: "bench." (providers, ESPs and most customer domains, one
 *                        flat zone), one zone per DNSSEC-signed domain (signed later by run.sh with
 *                        ldns-signzone), reverse zones 18.198.in-addr.arpa, 19.198.in-addr.arpa and
 *                        0.0.0.0.2.0.0.0.1.0.0.2.ip6.arpa (RFC 2544 / RFC 5180 benchmarking ranges)
 *   zones.txt            "<zone> <file> <signed|bogus|plain>" per zone
 *   sts-hosts.txt        the mta-sts.<domain> host names (for the HTTPS certificate)
 *   sts-policies.tsv     "<host>\t<policy with \n escaped>" served by PolicyServer.java
 *   population.txt       what was generated (counts per kind), for the report
 *
 * The population imitates what real bulk lists contain: most domains on a few shared providers
 * (a Google-like MX set of five hosts, a Microsoft-365-like per-domain MX name on shared addresses,
 * five web hosters), self-hosted mail servers with their own addresses and PTRs (some generic, some
 * not forward-confirmed, some missing), null MX parking, implicit MX, CNAME MX targets; SPF records
 * built from shared ESP include trees (nested up to three levels, some domains over the 10-lookup
 * limit, some with ptr, some with the wrong all); DMARC of every policy with internal and external
 * report addresses (authorised and not); DKIM keys of real sizes (RSA 2048 and 1024, Ed25519,
 * revoked, testing, SHA-1 only) under the selectors providers use, Microsoft-style CNAMEs included;
 * MTA-STS and TLS-RPT on about a tenth; a small minority of DNSSEC-signed zones with TLSA.
 */

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPairGenerator;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;

public class GeneratePopulation {

    static final String TLD = "bench";
    static final String STS_ADDRESS = "127.88.0.1";
    static final int TTL = 3600;

    final Random rnd;
    final Map<String, StringBuilder> zones = new LinkedHashMap<>();
    final Map<String, String> zoneKind = new LinkedHashMap<>();
    final Map<String, Integer> counts = new TreeMap<>();
    final List<String> stsHosts = new ArrayList<>();
    final List<String> stsPolicies = new ArrayList<>();
    final List<String> signedDomains = new ArrayList<>();
    int nextSelfHosted = 256; // 198.18.1.0 upwards; 198.18.0.x is the providers'

    // DKIM public keys (p= values), a handful reused across domains
    final List<String> rsa2048 = new ArrayList<>();
    final List<String> rsa1024 = new ArrayList<>();
    final List<String> ed25519 = new ArrayList<>();

    GeneratePopulation(long seed) {
        rnd = new Random(seed);
    }

    public static void main(String[] args) throws Exception {
        if (args.length < 2) {
            System.err.println("usage: java GeneratePopulation.java OUT_DIR N [SEED]");
            System.exit(2);
        }
        Path out = Path.of(args[0]);
        int n = Integer.parseInt(args[1]);
        long seed = args.length > 2 ? Long.parseLong(args[2]) : 20240601L;
        new GeneratePopulation(seed).generate(out, n);
    }

    void count(String what) {
        counts.merge(what, 1, Integer::sum);
    }

    // ---- zones ------------------------------------------------------------------------------

    StringBuilder zone(String name, String kind) {
        return zones.computeIfAbsent(name, z -> {
            zoneKind.put(z, kind);
            StringBuilder sb = new StringBuilder();
            sb.append("$ORIGIN ").append(z).append(".\n$TTL ").append(TTL).append('\n');
            sb.append("@ IN SOA ns1.")
                    .append(TLD)
                    .append(". hostmaster.")
                    .append(TLD)
                    .append(". 2024060101 3600 900 604800 3600\n");
            sb.append("@ IN NS ns1.").append(TLD).append(".\n");
            return sb;
        });
    }

    /** The zone that holds {@code owner} (absolute, without trailing dot). */
    String zoneOf(String owner) {
        for (String s : signedDomains) {
            if (owner.equals(s) || owner.endsWith("." + s)) {
                return s;
            }
        }
        if (owner.endsWith(".in-addr.arpa")) {
            return owner.endsWith(".18.198.in-addr.arpa") ? "18.198.in-addr.arpa" : "19.198.in-addr.arpa";
        }
        if (owner.endsWith(".ip6.arpa")) {
            return "0.0.0.0.2.0.0.0.1.0.0.2.ip6.arpa";
        }
        return TLD;
    }

    void rr(String owner, String type, String data) {
        String z = zoneOf(owner);
        zone(z, "plain")
                .append(owner)
                .append(". IN ")
                .append(type)
                .append(' ')
                .append(data)
                .append('\n');
    }

    void txt(String owner, String text) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < text.length(); i += 255) {
            if (i > 0) {
                sb.append(' ');
            }
            sb.append('"')
                    .append(text.substring(i, Math.min(text.length(), i + 255)).replace("\"", "\\\""))
                    .append('"');
        }
        rr(owner, "TXT", sb.toString());
    }

    void address(String host, String v4, String v6) {
        if (v4 != null) {
            rr(host, "A", v4);
        }
        if (v6 != null) {
            rr(host, "AAAA", v6);
        }
    }

    void ptr(String v4, String name) {
        String[] o = v4.split("\\.");
        rr(o[3] + "." + o[2] + "." + o[1] + "." + o[0] + ".in-addr.arpa", "PTR", name + ".");
    }

    void ptr6(String v6suffixHex4, String name) {
        // 2001:2::<hex4> -> nibbles under 0.0.0.0.2.0.0.0.1.0.0.2.ip6.arpa (2001:0002:0000:...)
        String full = String.format("%04x", Integer.parseInt(v6suffixHex4, 16));
        StringBuilder sb = new StringBuilder();
        for (int i = 3; i >= 0; i--) {
            sb.append(full.charAt(i)).append('.');
        }
        // 32 nibbles: 4 of the suffix, 16 zeros, then the zone's 12 (2001:0002:0000)
        for (int i = 0; i < 16; i++) {
            sb.append("0.");
        }
        rr(sb + "0.0.0.0.2.0.0.0.1.0.0.2.ip6.arpa", "PTR", name + ".");
    }

    static String v4(int i) {
        return "198." + (18 + (i >> 16)) + "." + ((i >> 8) & 0xff) + "." + (i & 0xff);
    }

    // ---- providers and ESPs -------------------------------------------------------------------

    record Provider(
            String name, List<String> mxHosts, String spfInclude, List<String> selectors, List<String> stsPatterns) {}

    final List<Provider> hosters = new ArrayList<>();
    Provider gmx;
    Provider o365;
    final List<String> esps = new ArrayList<>();
    final List<Integer> espCost = new ArrayList<>();

    void providers() {
        // Google-like: five MX hosts, SPF include with three netblock includes.
        String g = "gmx-like." + TLD;
        List<String> gmxHosts = List.of(
                "aspmx.l." + g, "alt1.aspmx.l." + g, "alt2.aspmx.l." + g, "alt3.aspmx.l." + g, "alt4.aspmx.l." + g);
        for (int i = 0; i < gmxHosts.size(); i++) {
            String v4 = v4(1 + i);
            String v6hex = Integer.toHexString(1 + i);
            address(gmxHosts.get(i), v4, "2001:2::" + v6hex);
            String rev = "mx-in-f" + (1 + i) + ".1e100-like." + TLD;
            address(rev, v4, "2001:2::" + v6hex);
            ptr(v4, rev);
            ptr6(v6hex, rev);
        }
        txt(
                "_spf." + g,
                "v=spf1 include:_netblocks." + g + " include:_netblocks2." + g + " include:_netblocks3." + g + " ~all");
        txt(
                "_netblocks." + g,
                "v=spf1 ip4:35.190.247.0/24 ip4:64.233.160.0/19 ip4:66.102.0.0/20 ip4:66.249.80.0/20 "
                        + "ip4:72.14.192.0/18 ip4:74.125.0.0/16 ip4:108.177.8.0/21 ip4:173.194.0.0/16 ip4:209.85.128.0/17 "
                        + "ip4:216.58.192.0/19 ip4:216.239.32.0/19 ip4:198.18.0.0/29 ~all");
        txt(
                "_netblocks2." + g,
                "v=spf1 ip6:2001:4860:4000::/36 ip6:2404:6800:4000::/36 ip6:2607:f8b0:4000::/36 "
                        + "ip6:2800:3f0:4000::/36 ip6:2a00:1450:4000::/36 ip6:2c0f:fb50:4000::/36 ip6:2001:2::/120 ~all");
        txt(
                "_netblocks3." + g,
                "v=spf1 ip4:172.217.0.0/19 ip4:172.217.32.0/20 ip4:172.217.128.0/19 "
                        + "ip4:172.217.160.0/20 ip4:172.217.192.0/19 ip4:172.253.56.0/21 ip4:172.253.112.0/20 "
                        + "ip4:108.177.96.0/19 ip4:35.191.0.0/16 ip4:130.211.0.0/22 ~all");
        gmx = new Provider(g, gmxHosts, "_spf." + g, List.of("google"), List.of("aspmx.l." + g, "*.aspmx.l." + g));

        // Microsoft-365-like: per-domain MX name on two shared addresses, SPF include with two levels.
        String o = "o365-like." + TLD;
        for (int i = 0; i < 2; i++) {
            String v4 = v4(10 + i);
            String rev = "mail-" + (10 + i) + ".outbound.protection." + o;
            address(rev, v4, null);
            ptr(v4, rev);
        }
        txt("spf.protection." + o, "v=spf1 include:spfa.protection." + o + " include:spfb.protection." + o + " -all");
        txt(
                "spfa.protection." + o,
                "v=spf1 ip4:40.92.0.0/15 ip4:40.107.0.0/16 ip4:52.100.0.0/14 ip4:104.47.0.0/17 "
                        + "ip6:2a01:111:f400::/48 ip6:2a01:111:f403::/49 ip4:198.18.0.10/31 -all");
        txt(
                "spfb.protection." + o,
                "v=spf1 ip6:2a01:111:f403:8000::/51 ip6:2a01:111:f403:c000::/51 " + "ip6:2a01:111:f403:f000::/52 -all");
        o365 = new Provider(
                o,
                List.of(),
                "spf.protection." + o,
                List.of("selector1", "selector2"),
                List.of("*.mail.protection." + o));

        // Five web hosters: two MX hosts each, SPF with a, mx and ip4, DKIM "default" or "dkim".
        for (int h = 1; h <= 5; h++) {
            String name = "hoster" + h + "." + TLD;
            List<String> mx = List.of("mx1." + name, "mx2." + name);
            for (int i = 0; i < 2; i++) {
                String v4 = v4(20 + h * 2 + i);
                String v6hex = Integer.toHexString(0x20 + h * 2 + i);
                // hoster 5 gives its MX hosts no IPv6, hoster 4 a generic PTR name
                address(mx.get(i), v4, h == 5 ? null : "2001:2::" + v6hex);
                String rev = h == 4 ? "static-" + v4.replace('.', '-') + ".pool." + name : mx.get(i);
                if (h == 4) {
                    address(rev, v4, null);
                }
                ptr(v4, rev);
                if (h != 5) {
                    ptr6(v6hex, rev);
                }
            }
            address(name, v4(20 + h * 2), null);
            txt("spf." + name, "v=spf1 a:" + name + " mx:" + name + " ip4:" + v4(20 + h * 2) + "/31 ?all");
            rr(name, "MX", "10 mx1." + name + ".");
            rr(name, "MX", "20 mx2." + name + ".");
            hosters.add(new Provider(
                    name, mx, "spf." + name, List.of(h % 2 == 0 ? "default" : "dkim"), List.of("*." + name)));
        }

        // ESPs for SPF includes: name and the DNS-mechanism cost of their include tree (RFC 7208 §4.6.4).
        esp(
                "sendgrid-like",
                1,
                "v=spf1 ip4:167.89.0.0/17 ip4:208.117.48.0/20 ip4:50.31.32.0/19 ip4:198.37.144.0/20 "
                        + "ip4:149.72.0.0/16 ip4:159.183.0.0/16 ~all");
        String mc = "mcsv-like." + TLD;
        txt("spf1." + mc, "v=spf1 ip4:205.201.128.0/20 ip4:198.2.128.0/18 ip4:148.105.8.0/21 -all");
        esp("mcsv-like", 2, "v=spf1 include:spf1." + mc + " ?all");
        String mg = "mailgun-like." + TLD;
        txt("_spf1." + mg, "v=spf1 ip4:209.61.151.0/24 ip4:166.78.68.0/22 ip4:198.61.254.0/23 ~all");
        txt("_spf2." + mg, "v=spf1 ip4:69.72.32.0/20 ip4:159.135.224.0/20 ~all");
        esp("mailgun-like", 3, "v=spf1 include:_spf1." + mg + " include:_spf2." + mg + " ~all");
        String sf = "salesforce-like." + TLD;
        txt("_spf3." + sf, "v=spf1 ip4:13.108.16.0/20 ip4:136.146.128.0/20 ~all");
        txt("_spf2." + sf, "v=spf1 include:_spf3." + sf + " ip4:96.43.144.0/20 ~all");
        txt("_spf1." + sf, "v=spf1 include:_spf2." + sf + " ip4:182.50.76.0/22 ~all");
        esp("salesforce-like", 4, "v=spf1 include:_spf1." + sf + " exists:%{i}._spf." + sf + " ~all");
        esp(
                "amazonses-like",
                1,
                "v=spf1 ip4:199.255.192.0/22 ip4:199.127.232.0/22 ip4:54.240.0.0/18 "
                        + "ip4:69.169.224.0/20 ip4:23.249.208.0/20 ip4:23.251.224.0/19 ~all");
        String zd = "zendesk-like." + TLD;
        txt("_spf1." + zd, "v=spf1 ip4:192.161.144.0/20 ip4:185.12.80.0/22 ~all");
        txt("_spf2." + zd, "v=spf1 ip4:188.172.128.0/20 ip4:216.198.0.0/18 ~all");
        esp("zendesk-like", 3, "v=spf1 include:_spf1." + zd + " include:_spf2." + zd + " ~all");

        // DMARC report services: one authorises every domain (RFC 7489 §7.1 wildcard), one none.
        txt("*._report._dmarc.dmarc-reports-like." + TLD, "v=DMARC1");
        address("dmarc-reports-like." + TLD, v4(40), null);
        address("unauthorised-reports-like." + TLD, v4(41), null);
    }

    void esp(String label, int cost, String record) {
        String name = "spf." + label + "." + TLD;
        txt(name, record);
        esps.add(name);
        espCost.add(cost);
    }

    // ---- DKIM keys ----------------------------------------------------------------------------

    void keys() throws Exception {
        KeyPairGenerator rsa = KeyPairGenerator.getInstance("RSA");
        rsa.initialize(2048);
        for (int i = 0; i < 3; i++) {
            rsa2048.add(Base64.getEncoder()
                    .encodeToString(rsa.generateKeyPair().getPublic().getEncoded()));
        }
        rsa.initialize(1024);
        for (int i = 0; i < 2; i++) {
            rsa1024.add(Base64.getEncoder()
                    .encodeToString(rsa.generateKeyPair().getPublic().getEncoded()));
        }
        KeyPairGenerator ed = KeyPairGenerator.getInstance("Ed25519");
        for (int i = 0; i < 2; i++) {
            byte[] spki = ed.generateKeyPair().getPublic().getEncoded();
            // RFC 8463 §4.2: p= is the bare 32-byte key, the last 32 bytes of the SubjectPublicKeyInfo
            byte[] raw = java.util.Arrays.copyOfRange(spki, spki.length - 32, spki.length);
            ed25519.add(Base64.getEncoder().encodeToString(raw));
        }
    }

    String dkimRecord() {
        int r = rnd.nextInt(100);
        if (r < 62) {
            count("dkim key rsa2048");
            return "v=DKIM1; k=rsa; p=" + pick(rsa2048);
        } else if (r < 82) {
            count("dkim key rsa1024");
            return "v=DKIM1; k=rsa; p=" + pick(rsa1024);
        } else if (r < 90) {
            count("dkim key ed25519");
            return "v=DKIM1; k=ed25519; p=" + pick(ed25519);
        } else if (r < 94) {
            count("dkim key revoked");
            return "v=DKIM1; k=rsa; p=";
        } else if (r < 97) {
            count("dkim key testing");
            return "v=DKIM1; k=rsa; t=y; p=" + pick(rsa2048);
        } else {
            count("dkim key sha1-only");
            return "v=DKIM1; k=rsa; h=sha1; p=" + pick(rsa1024);
        }
    }

    <T> T pick(List<T> list) {
        return list.get(rnd.nextInt(list.size()));
    }

    // ---- customer domains ---------------------------------------------------------------------

    static final String[] WORDS = {
        "acme",
        "nordwind",
        "bluefin",
        "kestrel",
        "larch",
        "meridian",
        "oakridge",
        "pinecone",
        "quarry",
        "riverside",
        "saffron",
        "tundra",
        "umbra",
        "vertex",
        "willow",
        "yarrow",
        "zephyr",
        "alpine",
        "beacon",
        "cobalt",
        "delta",
        "ember",
        "falcon",
        "granite",
        "harbor",
        "iris",
        "juniper"
    };

    void generate(Path out, int n) throws Exception {
        keys();
        providers();
        int signedWanted = Math.max(3, n / 200);
        List<String> domains = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            domains.add(WORDS[i % WORDS.length] + "-" + Integer.toString(i, 36) + "." + TLD);
        }
        // Signed zones: every 200th domain (a small minority), each its own zone; one of them bogus.
        for (int i = 0; i < n && signedDomains.size() < signedWanted; i += n / signedWanted) {
            signedDomains.add(domains.get(i));
            zone(domains.get(i), signedDomains.size() == 2 ? "bogus" : "signed");
        }
        for (String s : signedDomains) {
            zone(s, zoneKind.getOrDefault(s, "signed"));
        }
        zone(TLD, "plain");
        rr("ns1." + TLD, "A", "127.0.0.1");
        for (int i = 0; i < n; i++) {
            String d = domains.get(i);
            if (signedDomains.contains(d)) {
                selfHosted(d, true);
                count("domains signed (self-hosted, TLSA)");
                continue;
            }
            if (rnd.nextInt(1000) < 5) {
                count("domains nonexistent (NXDOMAIN)");
                continue;
            }
            customer(d);
        }
        write(out, domains);
    }

    void customer(String d) {
        int r = rnd.nextInt(100);
        if (r < 3) {
            count("mx null (parked)");
            rr(d, "MX", "0 .");
            txt(d, "v=spf1 -all");
            txt("_dmarc." + d, "v=DMARC1; p=reject;");
            address(d, v4(40 + rnd.nextInt(8)), null);
            return;
        }
        Provider p;
        String kind;
        List<String> mx = new ArrayList<>();
        if (r < 28) {
            p = gmx;
            kind = "mx google-like (5 shared hosts)";
            mx.addAll(gmx.mxHosts());
        } else if (r < 48) {
            p = o365;
            kind = "mx o365-like (per-domain name, shared addresses)";
            String host = d.replace('.', '-') + ".mail.protection." + o365.name();
            address(host, v4(10), null);
            rr(host, "A", v4(11));
            mx.add(host);
        } else if (r < 83) {
            p = hosters.get(rnd.nextInt(hosters.size()));
            kind = "mx web hoster (2 shared hosts)";
            mx.addAll(p.mxHosts());
        } else if (r < 95) {
            selfHosted(d, false);
            return;
        } else if (r < 98) {
            count("mx none (implicit MX via A)");
            address(d, v4(nextSelfHosted++), null);
            txt(d, "v=spf1 a -all");
            dmarc(d);
            return;
        } else {
            count("mx target is a CNAME");
            String host = "mail." + d;
            rr(host, "CNAME", hosters.getFirst().mxHosts().getFirst() + ".");
            rr(d, "MX", "10 " + host + ".");
            txt(d, "v=spf1 include:" + hosters.getFirst().spfInclude() + " ~all");
            dmarc(d);
            return;
        }
        count(kind);
        for (int i = 0; i < mx.size(); i++) {
            rr(d, "MX", (p == gmx ? (i == 0 ? 1 : i < 3 ? 5 : 10) : 10 * (i + 1)) + " " + mx.get(i) + ".");
        }
        address(d, v4(40 + rnd.nextInt(8)), rnd.nextInt(3) == 0 ? "2001:2::40" : null);
        rr("www." + d, "CNAME", d + ".");
        spf(d, p.spfInclude(), p == o365 ? "-all" : "~all");
        dmarc(d);
        for (String sel : p.selectors()) {
            if (rnd.nextInt(100) < 85) {
                if (p == o365) {
                    // Microsoft-style: the selector is a CNAME into the tenant's zone.
                    String target = sel + "-" + d.replace('.', '-') + "._domainkey.tenant" + rnd.nextInt(50)
                            + ".onmicrosoft-like." + TLD;
                    rr(sel + "._domainkey." + d, "CNAME", target + ".");
                    txt(target, dkimRecord());
                } else {
                    txt(sel + "._domainkey." + d, dkimRecord());
                }
            }
        }
        if (rnd.nextInt(100) < 30) {
            // a marketing ESP signs too
            txt((rnd.nextBoolean() ? "k1" : "s1") + "._domainkey." + d, dkimRecord());
        }
        stsAndTlsRpt(d, p.stsPatterns());
        if (p == gmx) {
            txt(d, "google-site-verification=" + Long.toHexString(rnd.nextLong()));
        }
    }

    void selfHosted(String d, boolean signed) {
        if (!signed) {
            count("mx self-hosted (own address and PTR)");
        }
        String host = "mail." + d;
        int idx = nextSelfHosted++;
        String v4 = v4(idx);
        boolean v6 = rnd.nextInt(100) < 40;
        String v6hex = Integer.toHexString(idx & 0xffff);
        address(host, v4, v6 ? "2001:2::" + v6hex : null);
        rr(d, "MX", "10 " + host + ".");
        address(d, v4, null);
        int ptrKind = rnd.nextInt(100);
        if (ptrKind < 70) {
            ptr(v4, host);
            if (v6) {
                ptr6(v6hex, host);
            }
        } else if (ptrKind < 82) {
            String generic = "static-" + v4.replace('.', '-') + ".dsl.isp-like." + TLD;
            address(generic, v4, null);
            ptr(v4, generic);
            count("ptr generic");
        } else if (ptrKind < 92) {
            ptr(v4, "old-server." + d);
            count("ptr not forward-confirmed");
        } else {
            count("ptr missing");
        }
        spf(d, null, rnd.nextInt(100) < 80 ? "-all" : "~all");
        dmarc(d);
        txt((rnd.nextBoolean() ? "default" : "mail") + "._domainkey." + d, dkimRecord());
        if (signed) {
            // DANE for the MX host: TLSA 3 1 1 of some key (content is not verified by the DNS checks)
            rr("_25._tcp." + host, "TLSA", "3 1 1 " + hex(32));
        }
        stsAndTlsRpt(d, List.of(host));
    }

    String hex(int bytes) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < bytes; i++) {
            sb.append(String.format("%02x", rnd.nextInt(256)));
        }
        return sb.toString();
    }

    void spf(String d, String providerInclude, String all) {
        int r = rnd.nextInt(100);
        if (r < 8) {
            count("spf none");
            return;
        }
        List<String> terms = new ArrayList<>();
        terms.add("v=spf1");
        int cost = 0;
        if (providerInclude == null) {
            terms.add("mx");
            terms.add("a");
            cost += 2;
        } else {
            terms.add("include:" + providerInclude);
            cost += providerInclude.startsWith("_spf.gmx") ? 4 : providerInclude.startsWith("spf.protection") ? 3 : 3;
        }
        boolean overLimit = r >= 93; // ~7 % pile up ESP includes beyond the 10-lookup limit
        int extras = overLimit ? esps.size() : r < 45 ? 0 : r < 75 ? 1 : 2;
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < esps.size(); i++) {
            order.add(i);
        }
        java.util.Collections.shuffle(order, rnd);
        for (int i = 0; i < extras; i++) {
            terms.add("include:" + esps.get(order.get(i)));
            cost += 1 + espCost.get(order.get(i));
        }
        if (rnd.nextInt(100) < 3) {
            terms.add("ptr");
            count("spf with ptr");
        }
        if (rnd.nextInt(100) < 20) {
            terms.add("ip4:" + v4(40 + rnd.nextInt(8)));
        }
        int w = rnd.nextInt(100);
        terms.add(w < 2 ? "+all" : w < 5 ? "?all" : all);
        count(cost > 10 ? "spf over the 10-lookup limit" : "spf within limit");
        txt(d, String.join(" ", terms));
        if (rnd.nextInt(100) < 1) {
            txt(d, "v=spf1 include:" + esps.getFirst() + " -all"); // two SPF records: permerror
            count("spf duplicated record");
        }
    }

    void dmarc(String d) {
        int r = rnd.nextInt(100);
        if (r < 28) {
            count("dmarc none published");
            return;
        }
        if (r < 30) {
            count("dmarc invalid");
            txt("_dmarc." + d, "v=DMARC1; p=rejected; rua=dmarc@" + d);
            return;
        }
        String p = r < 58 ? "none" : r < 79 ? "quarantine" : "reject";
        count("dmarc p=" + p);
        StringBuilder sb = new StringBuilder("v=DMARC1; p=").append(p);
        if (p.equals("quarantine") && rnd.nextInt(3) == 0) {
            sb.append("; pct=").append(10 + rnd.nextInt(90));
        }
        int rua = rnd.nextInt(100);
        if (rua < 45) {
            sb.append("; rua=mailto:dmarc@").append(d);
        } else if (rua < 80) {
            sb.append("; rua=mailto:")
                    .append(Integer.toString(d.hashCode() & 0xffff, 36))
                    .append("@dmarc-reports-like.")
                    .append(TLD);
        } else if (rua < 88) {
            sb.append("; rua=mailto:reports@unauthorised-reports-like.").append(TLD);
        }
        if (rnd.nextInt(100) < 10) {
            sb.append("; ruf=mailto:forensic@").append(d).append("; fo=1");
        }
        if (rnd.nextInt(100) < 15) {
            sb.append("; adkim=s; aspf=s");
        }
        if (rnd.nextInt(100) < 10) {
            sb.append("; sp=").append(rnd.nextBoolean() ? "reject" : "none");
        }
        txt("_dmarc." + d, sb.toString());
    }

    void stsAndTlsRpt(String d, List<String> patterns) {
        int r = rnd.nextInt(100);
        if (r < 10) {
            count("mta-sts deployed");
            String host = "mta-sts." + d;
            txt("_mta-sts." + d, "v=STSv1; id=" + (20240000 + rnd.nextInt(9999)) + "T000000");
            rr(host, "A", STS_ADDRESS);
            int m = rnd.nextInt(100);
            String mode = m < 70 ? "enforce" : m < 95 ? "testing" : "none";
            count("mta-sts mode " + mode);
            List<String> mx = rnd.nextInt(100) < 3 ? List.of("mx.elsewhere-like." + TLD) : patterns;
            StringBuilder policy = new StringBuilder("version: STSv1\nmode: " + mode + "\n");
            for (String p : mx) {
                policy.append("mx: ").append(p).append('\n');
            }
            policy.append("max_age: ")
                    .append(rnd.nextInt(100) < 90 ? 604800 : 3600)
                    .append('\n');
            stsHosts.add(host);
            stsPolicies.add(host + "\t" + policy.toString().replace("\n", "\\n"));
            txt("_smtp._tls." + d, "v=TLSRPTv1; rua=mailto:tlsrpt@" + d);
            count("tls-rpt deployed");
        } else if (r < 13) {
            txt("_smtp._tls." + d, "v=TLSRPTv1; rua=mailto:tls-reports@dmarc-reports-like." + TLD);
            count("tls-rpt deployed");
        }
    }

    void write(Path out, List<String> domains) throws IOException {
        Path zdir = out.resolve("zones");
        Files.createDirectories(zdir);
        // make sure the reverse zones exist even when tiny
        zone("18.198.in-addr.arpa", "plain");
        zone("19.198.in-addr.arpa", "plain");
        zone("0.0.0.0.2.0.0.0.1.0.0.2.ip6.arpa", "plain");
        StringBuilder list = new StringBuilder();
        for (var e : zones.entrySet()) {
            Path f = zdir.resolve(e.getKey() + ".zone");
            Files.writeString(f, e.getValue(), StandardCharsets.US_ASCII);
            list.append(e.getKey())
                    .append(' ')
                    .append(f.getFileName())
                    .append(' ')
                    .append(zoneKind.get(e.getKey()))
                    .append('\n');
        }
        Files.writeString(out.resolve("zones.txt"), list);
        Files.write(out.resolve("domains.txt"), domains);
        Files.write(out.resolve("sts-hosts.txt"), stsHosts);
        Files.write(out.resolve("sts-policies.tsv"), stsPolicies);
        StringBuilder pop = new StringBuilder();
        pop.append(String.format("%-50s %d%n", "domains", domains.size()));
        pop.append(String.format("%-50s %d%n", "zones", zones.size()));
        counts.forEach((k, v) -> pop.append(String.format("%-50s %d%n", k, v)));
        Files.writeString(out.resolve("population.txt"), pop);
        System.out.print(pop);
    }
}
