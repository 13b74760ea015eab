package dev.mailward.inventory;

import java.util.List;

/**
 * The outcome of a bulk import: every valid line was imported completely, every other line is
 * listed with its reason.
 *
 * @param imported number of domains imported
 * @param importedIds their ids
 * @param errors the refused lines, in file order
 */
public record ImportReport(int imported, List<Long> importedIds, List<LineError> errors) {

    public ImportReport {
        importedIds = List.copyOf(importedIds);
        errors = List.copyOf(errors);
    }

    /**
     * A refused line.
     *
     * @param line 1-based line number in the file (the header is line 1 of a CSV)
     * @param input the line as given (shortened to 200 characters)
     * @param reason why it was refused
     */
    public record LineError(int line, String input, String reason) {}
}
