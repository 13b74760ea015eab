package dev.mailward.configaudit;

/**
 * A syntax problem in an uploaded file: the file ({@code main.cf}, {@code master.cf},
 * {@code doveconf}, {@code rspamd}), the 1-based line (0 when not tied to a line) and what is wrong,
 * naming the offending text.
 */
public record ParseProblem(String file, int line, String message) {}
