package dev.mailward.dns.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mailward.dns.DnsAnswer;
import dev.mailward.dns.DnsOutcome;
import dev.mailward.dns.DnssecStatus;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.Name;
import org.xbill.DNS.Type;

/** The answer cache: keys as DNS compares names, TTLs, the size bound. */
class AnswerCacheTests {

    private static DnsAnswer answer(String name) {
        return new DnsAnswer(
                name,
                "TXT",
                DnsOutcome.NXDOMAIN,
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

    private static AnswerCache.Key key(String name, int type) throws Exception {
        return new AnswerCache.Key(Name.fromString(name), type);
    }

    @Test
    void keysCompareNamesCaseInsensitivelyAndTypesExactly() throws Exception {
        assertThat(key("Sel1._DomainKey.Example.ORG.", Type.TXT))
                .isEqualTo(key("sel1._domainkey.example.org.", Type.TXT))
                .hasSameHashCodeAs(key("sel1._domainkey.example.org.", Type.TXT));
        assertThat(key("example.org.", Type.TXT)).isNotEqualTo(key("example.org.", Type.MX));
        assertThat(key("a.example.org.", Type.A)).isNotEqualTo(key("b.example.org.", Type.A));
        // a label boundary is part of the name: a.bc. is not ab.c.
        assertThat(key("a.bc.", Type.A)).isNotEqualTo(key("ab.c.", Type.A));
        assertThat(key("a\\.b.example.", Type.A)).isNotEqualTo(key("a.b.example.", Type.A));
    }

    @Test
    void keysOfManySimilarNamesSpreadOverDistinctHashes() throws Exception {
        // dnsjava's Name.hashCode() collides heavily on names like these; the key's must not.
        Set<Integer> hashes = new HashSet<>();
        int n = 0;
        for (int i = 0; i < 5_000; i++) {
            for (String sel : List.of("selector1", "selector2", "s1", "k1")) {
                hashes.add(key(sel + "._domainkey.domain-" + i + ".example.", Type.TXT)
                        .hashCode());
                n++;
            }
        }
        assertThat(hashes.size()).isGreaterThan(n * 99 / 100);
    }

    @Test
    void answersLiveForTheirTtlAndTheSizeIsBounded() throws Exception {
        AtomicLong now = new AtomicLong();
        AnswerCache cache = new AnswerCache(100, now::get);
        cache.put(key("a.example.", Type.TXT), answer("a.example."), 1_000);
        assertThat(cache.get(key("A.EXAMPLE.", Type.TXT))).map(DnsAnswer::name).contains("a.example.");
        now.addAndGet(Duration.ofMillis(999).toNanos());
        assertThat(cache.get(key("a.example.", Type.TXT))).isPresent();
        now.addAndGet(Duration.ofMillis(1).toNanos());
        assertThat(cache.get(key("a.example.", Type.TXT))).isEmpty();
        for (int i = 0; i < 1_000; i++) {
            cache.put(key("n" + i + ".example.", Type.TXT), answer("n" + i + ".example."), 60_000);
        }
        assertThat(cache.size()).isLessThanOrEqualTo(100);
        assertThat(cache.get(key("n999.example.", Type.TXT))).isPresent(); // the newest stay
        assertThat(cache.get(key("n0.example.", Type.TXT))).isEmpty(); // the oldest went first
    }

    /** Upkeep runs every few stores, not after each: between two runs the bound is overrun by that few at most. */
    @Test
    void theBoundHoldsBetweenUpkeepsWithinAFewStores() throws Exception {
        AtomicLong now = new AtomicLong();
        AnswerCache cache = new AnswerCache(100, now::get);
        for (int i = 0; i < 10_000; i++) {
            cache.put(key("n" + i + ".example.", Type.TXT), answer("n" + i + ".example."), 60_000);
            assertThat(cache.heldBeforeUpkeep()).isLessThanOrEqualTo(100 + AnswerCache.UPKEEP_EVERY);
        }
        now.addAndGet(Duration.ofMinutes(2).toNanos());
        assertThat(cache.get(key("n9999.example.", Type.TXT)))
                .as("expired, before any upkeep")
                .isEmpty();
        assertThat(cache.size()).isZero();
    }
}
