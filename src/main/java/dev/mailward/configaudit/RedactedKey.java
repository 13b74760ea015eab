package dev.mailward.configaudit;

/**
 * A secret removed on intake: where it was and which key held it, never its value.
 *
 * @param file the file
 * @param line 1-based line in that file
 * @param key the setting or kind, e.g. {@code password}, {@code private key}
 */
public record RedactedKey(ConfigFile file, int line, String key) {}
