package dev.mailward.configaudit;

import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;

/**
 * Upload a server's configuration texts; files not given are absent (not "empty"). At least one
 * file must have content.
 *
 * @param texts the texts by file, as received (not yet redacted)
 */
public record UploadConfig(Map<ConfigFile, String> texts) {

    public UploadConfig {
        Objects.requireNonNull(texts, "texts");
        EnumMap<ConfigFile, String> copy = new EnumMap<>(ConfigFile.class);
        texts.forEach((f, t) -> {
            if (t != null && !t.isBlank()) {
                copy.put(f, t);
            }
        });
        texts = java.util.Collections.unmodifiableMap(copy);
    }

    /** From nullable texts in the order of {@link ConfigFile}. */
    public static UploadConfig of(String postconf, String master, String doveconf, String rspamd) {
        Map<ConfigFile, String> m = new EnumMap<>(ConfigFile.class);
        m.put(ConfigFile.POSTCONF, postconf);
        m.put(ConfigFile.MASTER, master);
        m.put(ConfigFile.DOVECONF, doveconf);
        m.put(ConfigFile.RSPAMD, rspamd);
        m.values().removeIf(Objects::isNull);
        return new UploadConfig(m);
    }
}
