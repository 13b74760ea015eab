package dev.mailward.reportintake;

/**
 * The bounds every received file is read under, so that a hostile file costs a known, small amount of
 * memory and time: decompressed bytes per file (all containers together) and their ratio to the bytes
 * received, entries of a zip archive and parts of a message, containers inside containers, XML elements
 * and nesting depth, and the length of any one value.
 */
record IntakeLimits(
        long maxBytes,
        int maxRatio,
        int maxEntries,
        int maxNesting,
        int maxElements,
        int maxDepth,
        int maxValueLength,
        int maxRecords) {

    /** Decompressed output below this size is never refused for its ratio alone. */
    static final long RATIO_FLOOR = 1024 * 1024;

    /**
     * The console's bounds: a large reporter's daily report of 5 MB gzip holds about 160,000 records, 100 MiB of
     * XML and 3.3 million elements (the report benchmark's, {@code src/bench/reportintake}); it must pass.
     */
    static final IntakeLimits DEFAULT = new IntakeLimits(128L * 1024 * 1024, 200, 50, 3, 5_000_000, 32, 2048, 200_000);
}
