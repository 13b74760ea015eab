package dev.mailward.reportintake;

import java.io.BufferedReader;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The operator's offline IP-to-ASN database in the iptoasn.com TSV format ({@code ip2asn-v4.tsv},
 * {@code ip2asn-v6.tsv}, {@code ip2asn-combined.tsv}: {@code range_start range_end AS_number country_code
 * AS_description}, tab separated, one range a line), read once into sorted primitive arrays (IPv4 and IPv6
 * apart, each address as a pair of unsigned longs) and searched by binary search; equal AS entries are shared.
 * Ranges of AS 0 ("Not routed") and lines that do not parse are skipped, and at most {@code maxRanges} ranges
 * are read. Immutable and thread-safe.
 */
final class AsnDatabase {

    /** One range's autonomous system. */
    record Asn(long number, String country, String description) {}

    private static final int MAX_TEXT = 120;

    private final Family v4;
    private final Family v6;
    private final int skipped;

    private AsnDatabase(Family v4, Family v6, int skipped) {
        this.v4 = v4;
        this.v6 = v6;
        this.skipped = skipped;
    }

    /** Reads the file; throws when it cannot be read at all. */
    static AsnDatabase load(Path file, int maxRanges) throws IOException {
        List<Range> four = new ArrayList<>();
        List<Range> six = new ArrayList<>();
        Map<Asn, Asn> shared = new HashMap<>();
        int skipped = 0;
        try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String line;
            while ((line = in.readLine()) != null && four.size() + six.size() < maxRanges) {
                Range range = parse(line, shared);
                if (range == null) {
                    skipped += line.isBlank() ? 0 : 1;
                } else if (range.asn().number() != 0) {
                    (range.start().length == 1 ? four : six).add(range);
                }
            }
        }
        return new AsnDatabase(new Family(four), new Family(six), skipped);
    }

    private record Range(long[] start, long[] end, Asn asn) {}

    private static Range parse(String line, Map<Asn, Asn> shared) {
        String[] f = line.split("\t", -1);
        if (f.length < 5) {
            return null;
        }
        long[] start = number(f[0].strip());
        long[] end = number(f[1].strip());
        long as;
        try {
            as = Long.parseLong(f[2].strip());
        } catch (NumberFormatException e) {
            return null;
        }
        if (start == null || end == null || start.length != end.length || compare(end, start) < 0 || as < 0) {
            return null;
        }
        String country = f[3].strip();
        Asn asn = new Asn(as, country.isEmpty() || "None".equals(country) ? null : clip(country), clip(f[4].strip()));
        return new Range(start, end, shared.computeIfAbsent(asn, a -> a));
    }

    /** Ranges read. */
    int size() {
        return v4.size() + v6.size();
    }

    /** Lines that were not a range. */
    int skipped() {
        return skipped;
    }

    /** The range holding the address, if any. */
    Optional<Asn> find(String ip) {
        long[] x = number(ip);
        if (x == null) {
            return Optional.empty();
        }
        return (x.length == 1 ? v4 : v6).find(x);
    }

    /** One address family's ranges, sorted by start. */
    private static final class Family {
        private final long[][] starts;
        private final long[][] ends;
        private final Asn[] asns;

        Family(List<Range> ranges) {
            ranges.sort(Comparator.comparing(Range::start, AsnDatabase::compare));
            int n = ranges.size();
            starts = new long[n][];
            ends = new long[n][];
            asns = new Asn[n];
            for (int i = 0; i < n; i++) {
                starts[i] = ranges.get(i).start();
                ends[i] = ranges.get(i).end();
                asns[i] = ranges.get(i).asn();
            }
        }

        int size() {
            return asns.length;
        }

        Optional<Asn> find(long[] x) {
            int lo = 0;
            int hi = starts.length - 1;
            int found = -1;
            while (lo <= hi) { // the last range starting at or before x
                int mid = (lo + hi) >>> 1;
                if (compare(starts[mid], x) <= 0) {
                    found = mid;
                    lo = mid + 1;
                } else {
                    hi = mid - 1;
                }
            }
            return found >= 0 && compare(ends[found], x) >= 0 ? Optional.of(asns[found]) : Optional.empty();
        }
    }

    private static int compare(long[] a, long[] b) {
        for (int i = 0; i < a.length; i++) {
            int c = Long.compareUnsigned(a[i], b[i]);
            if (c != 0) {
                return c;
            }
        }
        return 0;
    }

    /**
     * An address literal as one long (IPv4) or two (IPv6, high and low half, unsigned); null for anything
     * else. Never asks DNS.
     */
    static long[] number(String literal) {
        if (literal == null || literal.isEmpty() || literal.length() > 45) {
            return null;
        }
        for (int i = 0; i < literal.length(); i++) {
            char c = literal.charAt(i);
            if (!(Character.digit(c, 16) >= 0 || c == '.' || c == ':')) {
                return null;
            }
        }
        if (literal.indexOf(':') < 0 && literal.indexOf('.') < 0) {
            return null;
        }
        byte[] b;
        try {
            b = InetAddress.ofLiteral(literal).getAddress();
        } catch (IllegalArgumentException e) {
            return null;
        }
        if (b.length == 4) {
            return new long[] {((b[0] & 0xffL) << 24) | ((b[1] & 0xffL) << 16) | ((b[2] & 0xffL) << 8) | (b[3] & 0xffL)
            };
        }
        long hi = 0;
        long lo = 0;
        for (int i = 0; i < 8; i++) {
            hi = (hi << 8) | (b[i] & 0xffL);
            lo = (lo << 8) | (b[i + 8] & 0xffL);
        }
        return new long[] {hi, lo};
    }

    private static String clip(String s) {
        return s.length() > MAX_TEXT ? s.substring(0, MAX_TEXT) : s;
    }
}
