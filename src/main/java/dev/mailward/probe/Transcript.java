package dev.mailward.probe;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** Collects transcript entries of the sessions of one endpoint, bounded in count and line size. */
final class Transcript {

    static final int MAX_ENTRIES = 600;
    static final int MAX_TEXT = 300;

    private final long startNanos = System.nanoTime();
    private final List<TranscriptEntry> entries = new ArrayList<>();
    private boolean truncated;

    synchronized void add(String direction, String text) {
        if (entries.size() >= MAX_ENTRIES) {
            if (!truncated) {
                truncated = true;
                entries.add(new TranscriptEntry(millis(), "*", "transcript truncated after " + MAX_ENTRIES + " lines"));
            }
            return;
        }
        String t = text.length() > MAX_TEXT ? text.substring(0, MAX_TEXT) + "... (" + text.length() + " chars)" : text;
        entries.add(new TranscriptEntry(millis(), direction, t));
    }

    void event(String text) {
        add("*", text);
    }

    long millis() {
        return (System.nanoTime() - startNanos) / 1_000_000;
    }

    synchronized List<TranscriptEntry> entries() {
        return List.copyOf(entries);
    }

    /** Printable ASCII kept, backslash doubled, everything else as {@code \xNN} (bytes of UTF-8). */
    static String escape(byte[] bytes, int len) {
        StringBuilder sb = new StringBuilder(len);
        for (int i = 0; i < len; i++) {
            int b = bytes[i] & 0xff;
            if (b == '\\') {
                sb.append("\\\\");
            } else if (b >= 0x20 && b < 0x7f) {
                sb.append((char) b);
            } else {
                sb.append(String.format("\\x%02x", b));
            }
        }
        return sb.toString();
    }

    static String escape(String s) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        return escape(b, b.length);
    }
}
