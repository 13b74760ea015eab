package dev.mailward.reportintake;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * {@link Busiest} keeps, while records stream by, exactly the addresses a sort of every address by its largest
 * message count (descending, then address ascending) would put first, in that order.
 */
class BusiestTests {

    @Test
    void keepsWhatASortOfEveryAddressWouldKeep() {
        Random random = new Random(21);
        for (int round = 0; round < 200; round++) {
            int limit = random.nextInt(12);
            int addresses = 1 + random.nextInt(60);
            List<String> ips = new ArrayList<>();
            List<Long> counts = new ArrayList<>();
            for (int i = 0; i < 1 + random.nextInt(300); i++) {
                ips.add("192.0.2." + random.nextInt(addresses));
                // few distinct counts, so that ties between addresses are common
                counts.add((long) random.nextInt(8));
            }
            Busiest busiest = new Busiest(limit);
            for (int i = 0; i < ips.size(); i++) {
                busiest.add(ips.get(i), counts.get(i));
            }
            assertThat(busiest.busiestFirst())
                    .as("round %d, limit %d", round, limit)
                    .isEqualTo(sortedWhole(ips, counts, limit));
        }
    }

    @Test
    void anAddressSeenAgainWithMoreMessagesMovesUpAndIsKeptOnce() {
        Busiest busiest = new Busiest(2);
        busiest.add("198.51.100.1", 1);
        busiest.add("198.51.100.2", 5);
        busiest.add("198.51.100.3", 3);
        busiest.add("198.51.100.1", 9);
        busiest.add("198.51.100.2", 2);

        assertThat(busiest.busiestFirst()).containsExactly("198.51.100.1", "198.51.100.2");
    }

    /** The reference: every address's largest count, sorted whole. */
    private static List<String> sortedWhole(List<String> ips, List<Long> counts, int limit) {
        Map<String, Long> max = new HashMap<>();
        for (int i = 0; i < ips.size(); i++) {
            max.merge(ips.get(i), counts.get(i), Math::max);
        }
        return max.entrySet().stream()
                .sorted(Comparator.comparing((Map.Entry<String, Long> e) -> -e.getValue())
                        .thenComparing(Map.Entry::getKey))
                .limit(limit)
                .map(Map.Entry::getKey)
                .toList();
    }
}
