package dev.mailward.inventory;

import dev.mailward.shared.Csv;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Reads a bulk-import file: a CSV with the header {@code domain,team,tags,selectors} (any order,
 * only {@code domain} required) or one name per line. A UTF-8 byte order mark, CRLF/CR line ends,
 * blank lines and {@code #} comment lines are accepted. Pure: no database, no DNS.
 */
final class ImportParser {

    /** One candidate line. */
    record Line(int number, String input, String domain, Optional<String> team, String tags, String selectors) {}

    /** The file's lines, or the reason the whole file is refused. */
    record Parsed(List<Line> lines, List<ImportReport.LineError> errors) {}

    /** Most fields a CSV line may have; more are refused as soon as they are seen. */
    private static final int MAX_FIELDS = 16;

    private ImportParser() {}

    /**
     * @throws InventoryValidationException (field {@code file}) when the file as a whole is refused
     */
    static Parsed parse(String content, int maxLines) {
        if (content == null || content.isBlank()) {
            throw new InventoryValidationException("file", "inventory.import.empty", "the file is empty");
        }
        String text = content.startsWith("\uFEFF") ? content.substring(1) : content;
        if (text.indexOf('\0') >= 0) {
            throw new InventoryValidationException(
                    "file", "inventory.import.binary", "the file contains NUL bytes; give a text or CSV file");
        }
        String[] raw = text.split("\r\n|\r|\n", -1);
        int count = raw.length;
        while (count > 0 && raw[count - 1].isBlank()) {
            count--;
        }
        if (count > maxLines + 1) {
            throw new InventoryValidationException(
                    "file",
                    "inventory.import.tooManyLines",
                    "the file has " + count + " lines; at most " + maxLines + " are accepted",
                    count,
                    maxLines);
        }
        List<Line> lines = new ArrayList<>();
        List<ImportReport.LineError> errors = new ArrayList<>();
        int first = 0;
        while (first < count && isSkipped(raw[first])) {
            first++;
        }
        int[] columns = null;
        if (first < count && looksLikeHeader(raw[first])) {
            columns = header(raw[first]);
            first++;
        } else if (count > maxLines) {
            throw new InventoryValidationException(
                    "file",
                    "inventory.import.tooManyLines",
                    "the file has " + count + " lines; at most " + maxLines + " are accepted",
                    count,
                    maxLines);
        }
        for (int i = first; i < count; i++) {
            String line = raw[i];
            if (isSkipped(line)) {
                continue;
            }
            int number = i + 1;
            if (columns == null) {
                lines.add(new Line(number, line, line.strip(), Optional.empty(), "", ""));
                continue;
            }
            List<String> fields;
            try {
                fields = csv(line);
            } catch (IllegalArgumentException e) {
                errors.add(new ImportReport.LineError(number, DomainRules.abbreviate(line), e.getMessage()));
                continue;
            }
            lines.add(new Line(
                    number,
                    line,
                    field(fields, columns[0]),
                    Optional.of(unguarded(field(fields, columns[1]))).filter(s -> !s.isBlank()),
                    field(fields, columns[2]),
                    field(fields, columns[3])));
        }
        return new Parsed(lines, errors);
    }

    private static boolean isSkipped(String line) {
        String s = line.strip();
        return s.isEmpty() || s.startsWith("#");
    }

    private static boolean looksLikeHeader(String line) {
        String first = line.split(",", 2)[0].strip().replace("\"", "").toLowerCase(Locale.ROOT);
        return first.equals("domain");
    }

    /** Column positions of domain, team, tags, selectors (-1 when absent). */
    private static int[] header(String line) {
        int[] columns = {-1, -1, -1, -1};
        List<String> names = csv(line);
        for (int i = 0; i < names.size(); i++) {
            String name = names.get(i).strip().toLowerCase(Locale.ROOT);
            int slot = switch (name) {
                case "domain" -> 0;
                case "team" -> 1;
                case "tags" -> 2;
                case "selectors", "dkim_selectors" -> 3;
                default ->
                    throw new InventoryValidationException(
                            "file",
                            "inventory.import.unknownColumn",
                            "unknown column '" + DomainRules.abbreviate(name)
                                    + "' in the header; expected domain,team,tags,selectors",
                            name);
            };
            if (columns[slot] >= 0) {
                throw new InventoryValidationException(
                        "file",
                        "inventory.import.duplicateColumn",
                        "column '" + name + "' appears twice in the header",
                        name);
            }
            columns[slot] = i;
        }
        if (columns[0] < 0) {
            throw new InventoryValidationException(
                    "file", "inventory.import.noDomainColumn", "the header has no 'domain' column");
        }
        return columns;
    }

    /**
     * A cell without the apostrophe the CSV writer puts before a value a spreadsheet would read as a
     * formula ({@code Csv}): a team named "-ops" comes back from an export as "'-ops".
     */
    static String unguarded(String value) {
        if (value.length() > 1 && value.charAt(0) == '\'' && "=+-@".indexOf(value.charAt(1)) >= 0) {
            return value.substring(1);
        }
        return value;
    }

    private static String field(List<String> fields, int index) {
        return index < 0 || index >= fields.size() ? "" : fields.get(index).strip();
    }

    /** The line's CSV fields ({@link Csv#fields}), at most {@value #MAX_FIELDS}. */
    static List<String> csv(String line) {
        try {
            return Csv.fields(line, MAX_FIELDS);
        } catch (Csv.TooManyFieldsException e) {
            throw new IllegalArgumentException(e.getMessage() + "; at most 4 columns are expected", e);
        }
    }
}
