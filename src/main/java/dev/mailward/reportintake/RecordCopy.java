package dev.mailward.reportintake;

import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.util.List;
import org.postgresql.copy.CopyIn;

/**
 * Writes the records of one DMARC report into a PostgreSQL {@code COPY ... FROM STDIN} stream in text format
 * (tab-separated, {@code \N} for null). Every value a report brings is escaped: backslash, tab, newline and
 * carriage return are written as {@code \\ \t \n \r} (so no value can end a column, a row or the stream), and
 * U+0000, which PostgreSQL text cannot hold, is removed. The DKIM and SPF results are written as JSON arrays
 * ({@code jsonb}) with their strings escaped for JSON first, then for COPY.
 */
final class RecordCopy {

    /** The statement the rows of {@link #row} match, column for column. */
    static final String SQL = """
            copy reportintake_dmarc_record (report_id, row_no, source_ip, messages, disposition, dkim_aligned,
                spf_aligned, dmarc_pass, header_from, envelope_from, envelope_to, helo, dkim, spf)
            from stdin (format text)""";

    private static final int FLUSH_CHARS = 1 << 20;

    private final CopyIn out;
    private final StringBuilder buffer = new StringBuilder(FLUSH_CHARS + 64 * 1024);

    RecordCopy(CopyIn out) {
        this.out = out;
    }

    /** Appends one record; sends the buffer when it is full. */
    void row(long reportId, int rowNo, DmarcReport.Row row) throws SQLException {
        StringBuilder b = buffer;
        b.append(reportId).append('\t').append(rowNo).append('\t');
        text(b, row.sourceIp());
        b.append('\t').append(row.count()).append('\t');
        text(b, row.disposition());
        b.append('\t');
        text(b, row.dkimAligned());
        b.append('\t');
        text(b, row.spfAligned());
        b.append('\t').append(row.dmarcPass() ? 't' : 'f').append('\t');
        text(b, row.headerFrom());
        b.append('\t');
        text(b, row.envelopeFrom());
        b.append('\t');
        text(b, row.envelopeTo());
        b.append('\t');
        text(b, row.helo());
        b.append('\t');
        auth(b, row.dkim(), "selector");
        b.append('\t');
        auth(b, row.spf(), "scope");
        b.append('\n');
        if (b.length() >= FLUSH_CHARS) {
            flush();
        }
    }

    /** Sends what is buffered and ends the stream; the number of rows PostgreSQL took. */
    long finish() throws SQLException {
        flush();
        return out.endCopy();
    }

    private void flush() throws SQLException {
        if (!buffer.isEmpty()) {
            byte[] bytes = buffer.toString().getBytes(StandardCharsets.UTF_8);
            out.writeToCopy(bytes, 0, bytes.length);
            buffer.setLength(0);
        }
    }

    /** One text column: {@code \N} for null, else the value with COPY's four special characters escaped. */
    static void text(StringBuilder b, String value) {
        if (value == null) {
            b.append("\\N");
            return;
        }
        int plain = 0;
        while (plain < value.length() && !textSpecial(value.charAt(plain))) {
            plain++;
        }
        if (plain == value.length()) {
            b.append(value);
            return;
        }
        b.append(value, 0, plain);
        for (int i = plain; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '\\' -> b.append("\\\\");
                case '\t' -> b.append("\\t");
                case '\n' -> b.append("\\n");
                case '\r' -> b.append("\\r");
                case '\0' -> {}
                default -> b.append(c);
            }
        }
    }

    /**
     * The results as a JSON array of {@code {"domain", second, "result"}} objects, escaped for COPY: a JSON
     * backslash escape becomes a doubled backslash in the stream, and JSON never holds a raw control character.
     */
    static void auth(StringBuilder b, List<DmarcReport.Auth> results, String second) {
        b.append('[');
        for (int i = 0; i < results.size(); i++) {
            DmarcReport.Auth a = results.get(i);
            if (i > 0) {
                b.append(", ");
            }
            b.append("{\"domain\": ");
            json(b, a.domain());
            b.append(", \"").append(second).append("\": ");
            json(b, a.selectorOrScope());
            b.append(", \"result\": ");
            json(b, a.result());
            b.append('}');
        }
        b.append(']');
    }

    /** A JSON string (or null) as COPY text: JSON's escapes with every backslash doubled; U+0000 removed. */
    private static void json(StringBuilder b, String value) {
        if (value == null) {
            b.append("null");
            return;
        }
        b.append('"');
        int plain = 0;
        while (plain < value.length() && !jsonSpecial(value.charAt(plain))) {
            plain++;
        }
        if (plain == value.length()) {
            b.append(value).append('"');
            return;
        }
        b.append(value, 0, plain);
        for (int i = plain; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '"' -> b.append("\\\\\"");
                case '\\' -> b.append("\\\\\\\\");
                case '\0' -> {}
                default -> {
                    if (c < 0x20 || c == 0x7f) {
                        b.append("\\\\u00")
                                .append(Character.forDigit(c >> 4, 16))
                                .append(Character.forDigit(c & 0xf, 16));
                    } else {
                        b.append(c);
                    }
                }
            }
        }
        b.append('"');
    }

    /** A character {@link #text} writes as an escape, or drops. */
    private static boolean textSpecial(char c) {
        return c == '\\' || c == '\t' || c == '\n' || c == '\r' || c == '\0';
    }

    /** A character {@link #json} writes as an escape, or drops. */
    private static boolean jsonSpecial(char c) {
        return c == '"' || c == '\\' || c < 0x20 || c == 0x7f;
    }
}
