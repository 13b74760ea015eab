package dev.mailward.configaudit;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A value of Rspamd's UCL configuration language as printed by {@code rspamadm configdump}:
 * objects (a key may repeat, e.g. {@code worker}), arrays and scalars, each with its line.
 */
public sealed interface Ucl {

    int line();

    /** An object; repeated keys keep every value in order. */
    record Obj(Map<String, List<Ucl>> entries, int line) implements Ucl {

        public Obj {
            Map<String, List<Ucl>> copy = new LinkedHashMap<>();
            entries.forEach((k, v) -> copy.put(k, List.copyOf(v)));
            entries = java.util.Collections.unmodifiableMap(copy);
        }

        /** The last value of {@code key}. */
        public Optional<Ucl> get(String key) {
            List<Ucl> v = entries.get(key);
            return v == null || v.isEmpty() ? Optional.empty() : Optional.of(v.getLast());
        }

        public List<Ucl> all(String key) {
            return entries.getOrDefault(key, List.of());
        }

        public Optional<Obj> object(String key) {
            return get(key).filter(Obj.class::isInstance).map(Obj.class::cast);
        }

        public Optional<String> scalar(String key) {
            return get(key).filter(Scalar.class::isInstance).map(u -> ((Scalar) u).value());
        }
    }

    record Arr(List<Ucl> items, int line) implements Ucl {
        public Arr {
            items = List.copyOf(items);
        }
    }

    /** A string, number or boolean as text (quotes removed, escapes resolved). */
    record Scalar(String value, boolean quoted, int line) implements Ucl {

        public boolean isTrue() {
            return !quoted
                    && (value.equalsIgnoreCase("true")
                            || value.equalsIgnoreCase("yes")
                            || value.equalsIgnoreCase("on"));
        }

        public boolean isFalse() {
            return !quoted
                    && (value.equalsIgnoreCase("false")
                            || value.equalsIgnoreCase("no")
                            || value.equalsIgnoreCase("off"));
        }
    }

    /** Strings found in {@code u}: the scalar itself or every scalar of an array. */
    static List<String> strings(Ucl u) {
        List<String> out = new ArrayList<>();
        if (u instanceof Scalar s) {
            out.add(s.value());
        } else if (u instanceof Arr a) {
            for (Ucl i : a.items()) {
                if (i instanceof Scalar s) {
                    out.add(s.value());
                }
            }
        }
        return out;
    }
}
