package dev.mailward.mitigations.internal;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A guide resource: a front matter of {@code key: value} lines between {@code ---} lines, then Markdown.
 * Internal to the mitigations module (public only for the module's root package).
 *
 * @param meta the front matter
 * @param markdown the body
 */
public record GuideDocument(Map<String, String> meta, String markdown) {

    private static final int MAX_META_LINES = 50;

    public GuideDocument {
        meta = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(meta));
    }

    /** Parses {@code text}; {@code source} names the resource in error messages. */
    public static GuideDocument parse(String source, String text) {
        List<String> lines = text.replace("\r\n", "\n").lines().toList();
        if (lines.isEmpty() || !lines.getFirst().equals("---")) {
            throw new IllegalArgumentException(source + ": must start with a '---' front matter line");
        }
        Map<String, String> meta = new LinkedHashMap<>();
        int i = 1;
        for (; i < lines.size() && !lines.get(i).equals("---"); i++) {
            if (i > MAX_META_LINES) {
                throw new IllegalArgumentException(source + ": front matter longer than " + MAX_META_LINES + " lines");
            }
            String line = lines.get(i);
            int colon = line.indexOf(':');
            if (colon <= 0) {
                throw new IllegalArgumentException(
                        source + ":" + (i + 1) + ": expected 'key: value', got '" + line + "'");
            }
            if (meta.put(
                            line.substring(0, colon).trim(),
                            line.substring(colon + 1).trim())
                    != null) {
                throw new IllegalArgumentException(source + ":" + (i + 1) + ": duplicate key '"
                        + line.substring(0, colon).trim() + "'");
            }
        }
        if (i >= lines.size()) {
            throw new IllegalArgumentException(source + ": front matter is not closed with '---'");
        }
        return new GuideDocument(meta, String.join("\n", lines.subList(i + 1, lines.size())) + "\n");
    }

    public Optional<String> get(String key) {
        return Optional.ofNullable(meta.get(key));
    }

    public String require(String source, String key) {
        return get(key).filter(v -> !v.isBlank())
                .orElseThrow(() -> new IllegalArgumentException(source + ": front matter lacks '" + key + "'"));
    }
}
