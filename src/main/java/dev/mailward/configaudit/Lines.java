package dev.mailward.configaudit;

import java.util.ArrayList;
import java.util.List;

/** Splits a text into physical lines (LF, CRLF or CR), bounded by the bundle's line cap. */
final class Lines {

    private Lines() {}

    static List<String> split(String text) {
        List<String> out = new ArrayList<>();
        int start = 0;
        for (int i = 0; i < text.length() && out.size() < ConfigBundle.MAX_LINES; i++) {
            char c = text.charAt(i);
            if (c == '\n' || c == '\r') {
                out.add(text.substring(start, i));
                if (c == '\r' && i + 1 < text.length() && text.charAt(i + 1) == '\n') {
                    i++;
                }
                start = i + 1;
            }
        }
        if (start < text.length() && out.size() < ConfigBundle.MAX_LINES) {
            out.add(text.substring(start));
        }
        return out;
    }

    /** A line shortened for evidence and messages: at most 200 chars, controls escaped. */
    static String excerpt(String s) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < s.length() && b.length() < 200; i++) {
            char c = s.charAt(i);
            if (c < 0x20 && c != '\t' || c == 0x7f) {
                b.append(String.format("\\x%02x", (int) c));
            } else {
                b.append(c);
            }
        }
        return s.length() > 200 ? b + "…" : b.toString();
    }
}
