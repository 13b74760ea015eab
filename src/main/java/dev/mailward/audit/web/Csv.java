package dev.mailward.audit.web;

/** CSV cells (RFC 4180) that spreadsheets will not run as formulas. */
final class Csv {

    private Csv() {
    }

    /** One line, cells quoted where needed, ended by CRLF. */
    static String row(String... cells) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < cells.length; i++) {
            if (i > 0) {
                sb.append(',');
            }
            sb.append(cell(cells[i]));
        }
        return sb.append("\r\n").toString();
    }

    static String cell(String value) {
        if (value == null || value.isEmpty()) {
            return "";
        }
        String v = value;
        // actors, targets and details come from users: a leading = + - @ (or tab/CR) would make a
        // spreadsheet evaluate the cell (CSV injection); a leading apostrophe keeps it text
        char first = v.charAt(0);
        if (first == '=' || first == '+' || first == '-' || first == '@' || first == '\t' || first == '\r') {
            v = "'" + v;
        }
        if (v.indexOf(',') >= 0 || v.indexOf('"') >= 0 || v.indexOf('\n') >= 0 || v.indexOf('\r') >= 0
                || !v.equals(value)) {
            return '"' + v.replace("\"", "\"\"") + '"';
        }
        return v;
    }
}
