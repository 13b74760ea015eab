package dev.mailward.checks.spf;

import dev.mailward.dns.DnsClient;
import dev.mailward.dns.DnsSettings;
import dev.mailward.testdns.TestDnsServer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.xbill.DNS.Type;

/**
 * Serves an {@link SpfZone} from a {@link TestDnsServer} as one root zone, so that every name not
 * listed is NXDOMAIN, and makes production {@link DnsClient}s that ask it over loopback.
 */
final class LoopbackZones {

    private static final List<String> TYPES = List.of("TXT", "A", "AAAA", "MX", "PTR");

    private LoopbackZones() {}

    /** A client without cache (each case sees its own data), short timeouts, trusting the server's AD bit. */
    static DnsClient client(TestDnsServer server) {
        DnsSettings d = DnsSettings.defaults();
        return DnsClient.create(new DnsSettings(
                List.of(server.address()),
                Duration.ofMillis(400),
                0,
                DnsSettings.DnssecMode.TRUST_AD,
                Optional.empty(),
                0,
                d.maxCnameChain(),
                d.maxResponseBytes(),
                400,
                4000));
    }

    /** Loads {@code zone} into {@code server} (replacing the previous data and faults). */
    static void serve(TestDnsServer server, SpfZone zone) {
        server.clearFaults();
        server.replaceZone(".", zoneText(zone));
        zone.nodes.forEach((name, node) -> {
            if (node.timeoutAt < 0) {
                return;
            }
            boolean all = true;
            for (String type : TYPES) {
                if (zone.timesOut(name, type)) {
                    server.timeout(name + ".", Type.value(type));
                } else {
                    all = false;
                }
            }
            if (all) {
                server.timeout(name + ".");
            }
        });
    }

    static String zoneText(SpfZone zone) {
        StringBuilder sb =
                new StringBuilder("$ORIGIN .\n. 300 IN SOA ns.invalid. hostmaster.invalid. 1 3600 600 86400 60\n");
        zone.nodes.forEach((name, node) -> {
            if (!SpfEvaluator.validDnsName(name)) {
                return; // cannot be served (nor asked: check_host() returns none before any query)
            }
            String owner = name(name);
            for (String type : List.of("TXT", "A", "AAAA", "MX", "PTR", "CNAME")) {
                for (SpfZone.Rr rr : zone.records(name, type)) {
                    sb.append(owner)
                            .append(" 300 IN ")
                            .append(type)
                            .append(' ')
                            .append(rdata(rr))
                            .append('\n');
                }
            }
        });
        return sb.toString();
    }

    @SuppressWarnings("unchecked")
    private static String rdata(SpfZone.Rr rr) {
        return switch (rr.type()) {
            case "TXT" -> {
                List<String> strings = (List<String>) rr.data();
                if (strings.isEmpty()) {
                    yield "\"\"";
                }
                StringBuilder sb = new StringBuilder();
                for (String s : strings) {
                    byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
                    // a character-string holds at most 255 octets: longer text is split
                    for (int off = 0; off < bytes.length || off == 0; off += 255) {
                        sb.append(quoted(bytes, off, Math.min(bytes.length, off + 255)))
                                .append(' ');
                        if (bytes.length == 0) {
                            break;
                        }
                    }
                }
                yield sb.toString().strip();
            }
            case "MX" -> {
                Object[] mx = (Object[]) rr.data();
                String host = (String) mx[1];
                yield mx[0] + " " + (host.isEmpty() ? "." : name(host));
            }
            case "PTR", "CNAME" -> name((String) rr.data());
            default -> (String) rr.data();
        };
    }

    private static String quoted(byte[] b, int from, int to) {
        StringBuilder sb = new StringBuilder("\"");
        for (int i = from; i < to; i++) {
            int c = b[i] & 0xff;
            if (c < 0x20 || c > 0x7e || c == '"' || c == '\\') {
                sb.append(String.format("\\%03d", c));
            } else {
                sb.append((char) c);
            }
        }
        return sb.append('"').toString();
    }

    /** Absolute master-format name; octets outside letters, digits, '-', '_' as \DDD escapes. */
    static String name(String plain) {
        String n = SpfZone.norm(plain);
        StringBuilder sb = new StringBuilder();
        for (byte b : n.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xff;
            if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_' || c == '.') {
                sb.append((char) c);
            } else {
                sb.append(String.format("\\%03d", c));
            }
        }
        return sb.append('.').toString();
    }
}
