package dev.mailward.checks.dmarc;

/** Renders values from the network for messages: quoted, control characters escaped, bounded. */
final class DmarcText {

    static final int MAX_SHOWN = 120;

    private DmarcText() {}

    /**
     * The value in double quotes with control characters as {@code \xNN} and at most
     * {@value #MAX_SHOWN} characters. HTML is left as data: escaping is the renderer's job.
     */
    static String show(String value) {
        StringBuilder sb = new StringBuilder("\"");
        int n = Math.min(value.length(), MAX_SHOWN);
        for (int i = 0; i < n; i++) {
            char c = value.charAt(i);
            if (c < 0x20 || c == 0x7f) {
                sb.append(String.format("\\x%02x", (int) c));
            } else if (c == '"' || c == '\\') {
                sb.append('\\').append(c);
            } else {
                sb.append(c);
            }
        }
        if (value.length() > MAX_SHOWN) {
            sb.append("...");
        }
        return sb.append('"').toString();
    }
}
