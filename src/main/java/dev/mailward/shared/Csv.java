package dev.mailward.shared;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The one CSV dialect of every file the product writes or reads (audit log export, report CSV,
 * inventory import): RFC 4180, comma separated, records ended by CRLF, a cell quoted when it holds a
 * comma, a double quote, CR or LF, quotes inside doubled; {@code null} is an empty cell.
 *
 * <p>Cells come from users (domain names, actors, finding messages from remote servers): a cell a
 * spreadsheet would evaluate as a formula (one starting with {@code = + - @}, TAB or CR, OWASP "CSV
 * injection") gets a leading apostrophe, which keeps it text, and is quoted.
 */
public final class Csv {

    /** First characters that make a spreadsheet evaluate a cell. */
    private static final String FORMULA_STARTS = "=+-@\t\r";

    private Csv() {}

    /** One record, ended by CRLF. */
    public static String row(String... cells) {
        return row(Arrays.asList(cells));
    }

    /** One record, ended by CRLF. */
    public static String row(List<String> cells) {
        StringBuilder sb = new StringBuilder();
        appendRow(sb, cells);
        return sb.toString();
    }

    /** Writes one record, ended by CRLF, to {@code out} (a {@code Writer} when streaming a file). */
    public static void writeRow(Appendable out, List<String> cells) throws IOException {
        for (int i = 0; i < cells.size(); i++) {
            if (i > 0) {
                out.append(',');
            }
            appendCell(out, cells.get(i));
        }
        out.append("\r\n");
    }

    private static void appendRow(StringBuilder sb, List<String> cells) {
        try {
            writeRow(sb, cells);
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a StringBuilder does not throw
        }
    }

    /** One cell, guarded against formula injection and quoted when needed. */
    public static String cell(String value) {
        StringBuilder sb = new StringBuilder();
        try {
            appendCell(sb, value);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return sb.toString();
    }

    private static void appendCell(Appendable out, String value) throws IOException {
        if (value == null || value.isEmpty()) {
            return;
        }
        boolean formula = FORMULA_STARTS.indexOf(value.charAt(0)) >= 0;
        if (!formula && !needsQuotes(value)) {
            out.append(value);
            return;
        }
        out.append(formula ? "\"'" : "\"").append(value.replace("\"", "\"\"")).append('"');
    }

    private static boolean needsQuotes(String v) {
        for (int i = 0; i < v.length(); i++) {
            char c = v.charAt(i);
            if (c == ',' || c == '"' || c == '\n' || c == '\r') {
                return true;
            }
        }
        return false;
    }

    /** A line held more fields than allowed. */
    public static final class TooManyFieldsException extends IllegalArgumentException {
        TooManyFieldsException(int maxFields) {
            super("more than " + maxFields + " fields");
        }
    }

    /**
     * The fields of one line (a record without line breaks inside quotes): separated by commas, a field
     * in double quotes (opened after nothing but white space) may hold commas and {@code ""} for a quote.
     * Fields are not stripped. Linear in the line; stops as soon as it sees more than {@code maxFields}.
     *
     * @throws TooManyFieldsException after {@code maxFields} fields
     * @throws IllegalArgumentException when a quoted field is not closed
     */
    public static List<String> fields(String line, int maxFields) {
        List<String> out = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        boolean quoted = false;
        // whether cur holds only white space so far: a quote there opens a quoted field
        boolean blank = true;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (quoted) {
                if (c == '"') {
                    if (i + 1 < line.length() && line.charAt(i + 1) == '"') {
                        cur.append('"');
                        i++;
                    } else {
                        quoted = false;
                    }
                } else {
                    cur.append(c);
                }
            } else if (c == '"' && blank) {
                quoted = true;
                blank = false;
                cur.setLength(0);
            } else if (c == ',') {
                if (out.size() + 1 == maxFields) { // this comma starts field maxFields + 1
                    throw new TooManyFieldsException(maxFields);
                }
                out.add(cur.toString());
                cur.setLength(0);
                blank = true;
            } else {
                cur.append(c);
                blank &= Character.isWhitespace(c);
            }
        }
        if (quoted) {
            throw new IllegalArgumentException("unterminated quoted field");
        }
        out.add(cur.toString());
        return out;
    }
}
