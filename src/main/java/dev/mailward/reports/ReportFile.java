package dev.mailward.reports;

import java.nio.file.Path;

/**
 * An archived report's file, ready to be streamed.
 *
 * @param report the archive entry
 * @param path the file (its SHA-256 was checked against the archive when it was opened)
 */
public record ReportFile(ArchivedReport report, Path path) {}
