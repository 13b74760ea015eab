package dev.mailward.configaudit;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A pointer into an uploaded file: the evidence of a finding. Line 0 means "not set in the file"
 * and the text then says which default applies.
 */
public record LineRef(String file, int line, String text) {

    static final String MAIN = "main.cf";
    static final String MASTER = "master.cf";
    static final String DOVECOT = "doveconf";
    static final String RSPAMD = "rspamd";

    Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("file", file);
        m.put("line", line);
        m.put("text", text);
        return m;
    }
}
