import dev.mailward.dns.DnsAnswer;
import dev.mailward.dns.DnsOutcome;
import dev.mailward.dns.DnssecStatus;
import dev.mailward.dns.internal.AnswerCache;
import dev.mailward.dns.internal.AnswerCache.Key;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;
import org.xbill.DNS.Name;
import org.xbill.DNS.Type;

/**
 * The DNS answer cache, Caffeine ({@link AnswerCache}) against the hand-written cache it replaced
 * ({@link HandWrittenAnswerCache}), in one JVM, alternating, on the same access trace: the questions
 * of a bulk run of {@code domains} domains, {@code inflight} at a time (see README.md).
 *
 * <p>Usage: {@code AnswerCacheBench domains inflight maxEntries rounds threads}.
 */
public class AnswerCacheBench {

    /** One cache operation of the trace: look the key up, store it on a miss. */
    record Op(Key key, DnsAnswer answer, long ttlMillis) {}

    interface Subject {
        Optional<DnsAnswer> get(Key key);

        void put(Key key, DnsAnswer answer, long ttlMillis);

        int size();
    }

    public static void main(String[] args) throws Exception {
        int domains = args.length > 0 ? Integer.parseInt(args[0]) : 10_000;
        int inflight = args.length > 1 ? Integer.parseInt(args[1]) : 256;
        int maxEntries = args.length > 2 ? Integer.parseInt(args[2]) : 100_000;
        int rounds = args.length > 3 ? Integer.parseInt(args[3]) : 10;
        int threads = args.length > 4 ? Integer.parseInt(args[4]) : 2;
        List<Op[]> traces = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            traces.add(trace(domains / threads, inflight / threads, t));
        }
        long ops = traces.stream().mapToLong(tr -> tr.length).sum();
        System.out.printf(
                "trace: %d domains, %d in flight, %d operations on %d threads, cache bound %d%n",
                domains, inflight, ops, threads, maxEntries);
        String[] names = {"hand-written", "caffeine"};
        List<List<Double>> nsPerOp = List.of(new ArrayList<>(), new ArrayList<>());
        long[] misses = new long[2];
        int[] sizes = new int[2];
        int warmup = Math.min(3, rounds - 1);
        for (int r = 0; r < rounds; r++) {
            for (int i = 0; i < 2; i++) {
                int which = (r % 2 == 0) ? i : 1 - i; // A B, then B A
                Subject cache = which == 0 ? handWritten(maxEntries) : caffeine(maxEntries);
                AtomicLong missCount = new AtomicLong();
                long start = System.nanoTime();
                replay(cache, traces, missCount);
                long elapsed = System.nanoTime() - start;
                if (r >= warmup) {
                    nsPerOp.get(which).add((double) elapsed / ops);
                }
                misses[which] = missCount.get();
                sizes[which] = cache.size();
            }
        }
        System.out.printf(
                "%-13s %12s %12s %12s %10s %10s%n",
                "cache", "median ns/op", "min ns/op", "max ns/op", "misses", "size");
        for (int i = 0; i < 2; i++) {
            double[] v = nsPerOp.get(i).stream()
                    .mapToDouble(Double::doubleValue)
                    .sorted()
                    .toArray();
            System.out.printf(
                    "%-13s %12.1f %12.1f %12.1f %10d %10d%n",
                    names[i], v[v.length / 2], v[0], v[v.length - 1], misses[i], sizes[i]);
        }
        double[] a = nsPerOp.get(0).stream()
                .mapToDouble(Double::doubleValue)
                .sorted()
                .toArray();
        double[] b = nsPerOp.get(1).stream()
                .mapToDouble(Double::doubleValue)
                .sorted()
                .toArray();
        System.out.printf(
                "ratio caffeine / hand-written (median ns/op): %.2f, misses: %.3f (%d measured rounds each)%n",
                b[b.length / 2] / a[a.length / 2], (double) misses[1] / misses[0], a.length);
    }

    private static void replay(Subject cache, List<Op[]> traces, AtomicLong missCount) throws InterruptedException {
        CountDownLatch done = new CountDownLatch(traces.size());
        for (Op[] trace : traces) {
            Thread.ofPlatform().start(() -> {
                long m = 0;
                for (Op op : trace) {
                    if (cache.get(op.key()).isEmpty()) {
                        m++;
                        cache.put(op.key(), op.answer(), op.ttlMillis());
                    }
                }
                missCount.addAndGet(m);
                done.countDown();
            });
        }
        done.await();
    }

    private static Subject handWritten(int max) {
        HandWrittenAnswerCache c = new HandWrittenAnswerCache(max, System::nanoTime);
        return new Subject() {
            public Optional<DnsAnswer> get(Key key) {
                return c.get(key);
            }

            public void put(Key key, DnsAnswer answer, long ttlMillis) {
                c.put(key, answer, ttlMillis);
            }

            public int size() {
                return c.size();
            }
        };
    }

    private static Subject caffeine(int max) {
        AnswerCache c = new AnswerCache(max, System::nanoTime);
        return new Subject() {
            public Optional<DnsAnswer> get(Key key) {
                return c.get(key);
            }

            public void put(Key key, DnsAnswer answer, long ttlMillis) {
                c.put(key, answer, ttlMillis);
            }

            public int size() {
                return c.size();
            }
        };
    }

    private static DnsAnswer answer(String name, int type, DnsOutcome outcome) {
        return new DnsAnswer(
                name,
                Type.string(type),
                outcome,
                List.of(),
                List.of(),
                DnssecStatus.INSECURE,
                Optional.empty(),
                "127.0.0.1:53",
                false,
                false,
                Duration.ZERO,
                Optional.empty());
    }

    /**
     * The questions of a bulk run, as its checks ask them: per domain twelve of its own (MX, TXT, A,
     * AAAA of the domain, {@code _dmarc}, {@code _mta-sts}, {@code _smtp._tls}, four DKIM selectors, the
     * MX host's A), a fifth of them NXDOMAIN, and eight shared ones (provider MX hosts, SPF include
     * trees) drawn with a skew from 300; each asked two or three times, the first time before the
     * others. {@code inflight} domains are worked on at once, one question of a random one at a time.
     */
    static Op[] trace(int domains, int inflight, int seed) throws Exception {
        Random rnd = new Random(42 + seed);
        Op[] shared = new Op[300];
        for (int i = 0; i < shared.length; i++) {
            String n = "_spf" + i + ".provider" + (i % 17) + ".example.";
            shared[i] = new Op(new Key(Name.fromString(n), Type.TXT), answer(n, Type.TXT, DnsOutcome.OK), 3_600_000);
        }
        String[] own = {
            "",
            "_dmarc.",
            "_mta-sts.",
            "_smtp._tls.",
            "s1._domainkey.",
            "s2._domainkey.",
            "selector1._domainkey.",
            "google._domainkey.",
            "mx."
        };
        int[] types = {Type.MX, Type.TXT, Type.A, Type.AAAA};
        List<Op> out = new ArrayList<>();
        List<List<Op>> active = new ArrayList<>();
        int next = 0;
        while (next < domains || !active.isEmpty()) {
            while (active.size() < inflight && next < domains) {
                active.add(domainOps(seed + "-" + next++, own, types, shared, rnd));
            }
            int i = rnd.nextInt(active.size());
            List<Op> d = active.get(i);
            out.add(d.removeLast());
            if (d.isEmpty()) {
                active.set(i, active.getLast());
                active.removeLast();
            }
        }
        return out.toArray(Op[]::new);
    }

    /** One domain's operations, in reverse order (taken from the end). */
    private static List<Op> domainOps(String id, String[] own, int[] types, Op[] shared, Random rnd) throws Exception {
        String domain = "d" + id + ".bench.";
        List<Op> firsts = new ArrayList<>();
        for (int type : types) {
            firsts.add(op(domain, type, rnd));
        }
        for (int i = 1; i < own.length; i++) {
            firsts.add(op(own[i] + domain, i == own.length - 1 ? Type.A : Type.TXT, rnd));
        }
        for (int i = 0; i < 8; i++) {
            // skewed: the popular providers' trees are asked by many domains
            firsts.add(shared[(int) (shared.length * Math.pow(rnd.nextDouble(), 3))]);
        }
        List<Op> again = new ArrayList<>();
        for (Op op : firsts) {
            for (int k = 0, n = 1 + rnd.nextInt(2); k < n; k++) {
                again.add(op);
            }
        }
        Op[] a = again.toArray(Op[]::new);
        for (int i = a.length - 1; i > 0; i--) {
            int j = rnd.nextInt(i + 1);
            Op t = a[i];
            a[i] = a[j];
            a[j] = t;
        }
        List<Op> all = new ArrayList<>(firsts);
        all.addAll(Arrays.asList(a));
        return new ArrayList<>(all.reversed());
    }

    private static Op op(String name, int type, Random rnd) throws Exception {
        boolean nx = rnd.nextInt(5) == 0;
        return new Op(
                new Key(Name.fromString(name), type),
                answer(name, type, nx ? DnsOutcome.NXDOMAIN : DnsOutcome.OK),
                nx ? 60_000 : 300_000);
    }
}
