package dev.mailward.reportintake;

import java.io.Serializable;
import java.util.List;

/**
 * What an intake did with each received file: per report in it (a file may hold several, a zip or a message),
 * whether it was stored, was already stored (same reporter and report id), was kept aside for an ADMIN (its
 * domain is not one of the uploader's inventory domains) or was refused, and why. Serializable: the upload page
 * hands it to the next page as a flash attribute, which lives in the session (in PostgreSQL).
 */
public record IngestResult(List<FileResult> files) implements Serializable {

    /** What became of one report or unreadable part. */
    public enum Outcome {
        STORED,
        DUPLICATE,
        KEPT_ASIDE,
        REFUSED
    }

    /** The reports of one received file. */
    public record FileResult(String file, List<Item> items) implements Serializable {}

    /**
     * One report ({@code kind} {@code DMARC} or {@code TLSRPT}; reporter, report id and domain as the report
     * says) or one part that could not be read ({@code kind} null, {@code reason} says why).
     */
    public record Item(
            String part, String kind, Outcome outcome, String reporter, String reportId, String domain, String reason)
            implements Serializable {}

    /** How many items of all files had the outcome. */
    public long count(Outcome outcome) {
        return files.stream()
                .flatMap(f -> f.items().stream())
                .filter(i -> i.outcome() == outcome)
                .count();
    }
}
