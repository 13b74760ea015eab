package dev.mailward.dns.internal;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.xbill.DNS.EDNSOption;
import org.xbill.DNS.ExtendedErrorCodeOption;
import org.xbill.DNS.Message;
import org.xbill.DNS.OPTRecord;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.TXTRecord;
import org.xbill.DNS.dnssec.ValidatingResolver;

/**
 * Reads why a resolver or the local validator judged an answer: Extended DNS Errors (RFC 8914) in
 * the OPT record, and the TXT record of class {@link ValidatingResolver#VALIDATION_REASON_QCLASS}
 * that dnsjava's validator adds to the additional section.
 */
final class Ede {

    private static final int MAX_REASON = 500;

    private Ede() {}

    /** Every reason found, joined; empty when the response carries none. */
    static Optional<String> describe(Message m) {
        if (m == null) {
            return Optional.empty();
        }
        List<String> parts = new ArrayList<>();
        OPTRecord opt = m.getOPT();
        if (opt != null) {
            for (EDNSOption o : opt.getOptions(EDNSOption.Code.EDNS_EXTENDED_ERROR)) {
                if (o instanceof ExtendedErrorCodeOption e) {
                    String code = ExtendedErrorCodeOption.text(e.getErrorCode());
                    String text = e.getText();
                    parts.add("EDE " + e.getErrorCode() + " " + code
                            + (text == null || text.isBlank() ? "" : ": " + text));
                }
            }
        }
        for (Record r : m.getSection(Section.ADDITIONAL)) {
            if (r instanceof TXTRecord t && r.getDClass() == ValidatingResolver.VALIDATION_REASON_QCLASS) {
                StringBuilder sb = new StringBuilder();
                for (byte[] s : t.getStringsAsByteArrays()) {
                    sb.append(new String(s, StandardCharsets.UTF_8));
                }
                String reason = sb.toString();
                if (parts.stream().noneMatch(p -> p.contains(reason))) {
                    parts.add(reason);
                }
            }
        }
        if (parts.isEmpty()) {
            return Optional.empty();
        }
        String all = String.join("; ", parts);
        return Optional.of(all.length() > MAX_REASON ? all.substring(0, MAX_REASON) + "..." : all);
    }
}
