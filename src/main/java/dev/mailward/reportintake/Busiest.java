package dev.mailward.reportintake;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;

/**
 * The {@code limit} source addresses of a report with the largest message count in one of its records, kept while
 * the records stream by (the PTR names an import has resolved in the background, {@link SourceNames#resolveBusiest}):
 * a heap of at most {@code limit} entries, least first, and their index by address. Once the heap is full, a record
 * that does not beat its least entry costs one comparison. Ties go to the lower address, as in a sort of all
 * addresses by (count descending, address ascending).
 */
final class Busiest {

    private record Entry(String ip, long count) {}

    /** Least first: the smaller count, then the greater address. */
    private static final Comparator<Entry> LEAST_FIRST =
            Comparator.comparingLong(Entry::count).thenComparing(Entry::ip, Comparator.reverseOrder());

    private final int limit;
    private final PriorityQueue<Entry> heap;
    private final Map<String, Entry> byIp = new HashMap<>();

    Busiest(int limit) {
        if (limit < 0) {
            throw new IllegalArgumentException("limit must not be negative: " + limit);
        }
        this.limit = limit;
        this.heap = new PriorityQueue<>(limit + 1, LEAST_FIRST);
    }

    /** One record's source and message count. */
    void add(String ip, long count) {
        if (limit == 0) {
            return;
        }
        Entry held = byIp.get(ip);
        if (held != null) {
            if (count > held.count()) {
                heap.remove(held);
                put(new Entry(ip, count));
            }
            return;
        }
        Entry e = new Entry(ip, count);
        if (heap.size() < limit) {
            put(e);
        } else if (LEAST_FIRST.compare(e, heap.peek()) > 0) {
            byIp.remove(heap.poll().ip());
            put(e);
        }
    }

    /** The addresses kept, the most messages first. */
    List<String> busiestFirst() {
        List<Entry> all = new ArrayList<>(heap);
        all.sort(LEAST_FIRST.reversed());
        return all.stream().map(Entry::ip).toList();
    }

    private void put(Entry e) {
        heap.add(e);
        byIp.put(e.ip(), e);
    }
}
