package dev.mailward.configaudit;

import java.util.List;

/**
 * The line diff of an upload against the previous one, per file.
 *
 * @param serverId the mail server
 * @param fromVersion the previous version (0 when this is the first upload: everything is added)
 * @param toVersion the version shown
 * @param files one entry per file present in either version
 */
public record ConfigDiff(long serverId, int fromVersion, int toVersion, List<FileDiff> files) {

    public ConfigDiff {
        files = List.copyOf(files);
    }

    /** Whether any file changed. */
    public boolean changed() {
        return files.stream().anyMatch(FileDiff::changed);
    }

    /**
     * The diff of one file.
     *
     * @param file the file
     * @param added lines added
     * @param removed lines removed
     * @param hunks changed regions with up to {@link LineDiff#CONTEXT} unchanged lines around them
     * @param truncated whether the two versions differed too much for a line-by-line diff, so the
     *     differing region is shown as removed and re-added as a whole
     */
    public record FileDiff(ConfigFile file, int added, int removed, List<Hunk> hunks, boolean truncated) {
        public FileDiff {
            hunks = List.copyOf(hunks);
        }

        public boolean changed() {
            return added > 0 || removed > 0;
        }

        /** Whether the file was uploaded before but not in this version (only removals). */
        public boolean dropped() {
            return removed > 0
                    && added == 0
                    && hunks.stream().flatMap(h -> h.lines().stream()).allMatch(l -> l.kind() == Kind.REMOVED);
        }
    }

    /** Consecutive diff lines. */
    public record Hunk(List<Line> lines) {
        public Hunk {
            lines = List.copyOf(lines);
        }
    }

    /**
     * One line of a diff.
     *
     * @param kind unchanged, added or removed
     * @param oldLine 1-based line in the previous version, 0 for an added line
     * @param newLine 1-based line in this version, 0 for a removed line
     * @param text the (redacted) line
     */
    public record Line(Kind kind, int oldLine, int newLine, String text) {}

    /** What happened to a line; {@link #symbol()} marks it without colour. */
    public enum Kind {
        SAME(" "),
        ADDED("+"),
        REMOVED("-");

        private final String symbol;

        Kind(String symbol) {
            this.symbol = symbol;
        }

        public String symbol() {
            return symbol;
        }
    }
}
