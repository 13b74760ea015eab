package dev.mailward.reports;

import dev.mailward.checks.Finding;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The part of a result's evidence that shows why its findings were made, for the PDF's appendix: the
 * SMTP exchange of the command a finding is about (the {@code VRFY} command and its reply for
 * {@code SMTP_VRFY_ENABLED}), the DNS answers of the names a finding speaks of, the certificates of
 * a certificate finding. A pure function of the stored evidence; the full evidence stays in the JSON
 * export.
 */
final class EvidenceLines {

    /** SMTP commands a finding code can name; a code's words select the exchanges of these commands. */
    private static final Set<String> COMMANDS =
            Set.of("EHLO", "HELO", "STARTTLS", "AUTH", "VRFY", "EXPN", "MAIL", "RCPT", "DATA", "RSET", "QUIT");

    private EvidenceLines() {}

    /** One block of evidence lines under a heading. */
    record Block(String heading, List<String> lines) {}

    /**
     * The evidence blocks relevant to {@code findings} (the result's findings that are not passing),
     * at most {@link PdfReportWriter#MAX_ITEMS_PER_RESULT}.
     */
    static List<Block> relevant(Map<String, Object> evidence, List<Finding> findings, String target) {
        List<Block> blocks = new ArrayList<>();
        if (findings.isEmpty()) {
            return blocks;
        }
        String codes = String.join(" ", findings.stream().map(Finding::code).toList());
        String messages = String.join(
                        " ", findings.stream().map(Finding::message).toList())
                .toLowerCase(Locale.ROOT);
        dns(evidence, messages, target, blocks);
        transcript(evidence, codes, blocks);
        if (evidence.get("certificates") instanceof List<?> certs
                && (codes.contains("CERT") || codes.contains("TLS") || codes.contains("DANE"))) {
            for (Object o : certs) {
                if (blocks.size() >= PdfReportWriter.MAX_ITEMS_PER_RESULT || !(o instanceof Map<?, ?> c)) {
                    break;
                }
                blocks.add(new Block(
                        "Certificate " + c.get("subject"),
                        List.of(
                                "issuer: " + c.get("issuer"),
                                "not after: " + c.get("notAfter"),
                                "SHA-256: " + c.get("sha256"),
                                "SPKI SHA-256: " + c.get("spkiSha256"))));
            }
        }
        return blocks;
    }

    /**
     * The answers of the names the findings speak of (named in a message); when no message names one,
     * the answers of the result's target; when there is none either, every answer.
     */
    private static void dns(Map<String, Object> evidence, String messages, String target, List<Block> blocks) {
        if (!(evidence.get("dns") instanceof List<?> answers)) {
            return;
        }
        List<Map<?, ?>> all = new ArrayList<>();
        for (Object o : answers) {
            if (o instanceof Map<?, ?> a) {
                all.add(a);
            }
        }
        List<Map<?, ?>> named = all.stream()
                .filter(a -> {
                    String n = name(a);
                    return !n.isEmpty() && messages.contains(n);
                })
                .toList();
        if (named.isEmpty() && target != null) {
            String t = target.toLowerCase(Locale.ROOT);
            named = all.stream().filter(a -> name(a).equals(t)).toList();
        }
        if (named.isEmpty()) {
            named = all;
        }
        for (Map<?, ?> a : named) {
            if (blocks.size() >= PdfReportWriter.MAX_ITEMS_PER_RESULT) {
                return;
            }
            List<String> lines = new ArrayList<>();
            if (a.get("records") instanceof List<?> rrs) {
                for (Object rr : rrs) {
                    if (rr instanceof Map<?, ?> m) {
                        lines.add(m.get("name") + " " + m.get("ttl") + " " + m.get("type") + " " + m.get("data"));
                    }
                }
            }
            if (a.get("error") != null && !String.valueOf(a.get("error")).isBlank()) {
                lines.add("error: " + a.get("error"));
            }
            blocks.add(new Block(
                    "DNS " + a.get("name") + " " + a.get("type") + " → " + a.get("outcome")
                            + (a.get("dnssec") == null ? "" : " (" + a.get("dnssec") + ")"),
                    lines));
        }
    }

    private static String name(Map<?, ?> answer) {
        String n = String.valueOf(answer.get("name")).toLowerCase(Locale.ROOT);
        return n.endsWith(".") ? n.substring(0, n.length() - 1) : n;
    }

    /**
     * The exchanges of the SMTP commands the finding codes name ({@code SMTP_VRFY_ENABLED}: the
     * {@code VRFY} command and the server's reply): each such client line and the server lines up to
     * the next client line. A code that names no command shows the server's greeting and the last
     * exchange, where a session that went wrong ends.
     */
    private static void transcript(Map<String, Object> evidence, String codes, List<Block> blocks) {
        if (!(evidence.get("transcript") instanceof List<?> transcript)
                || transcript.isEmpty()
                || blocks.size() >= PdfReportWriter.MAX_ITEMS_PER_RESULT) {
            return;
        }
        List<String[]> lines = new ArrayList<>();
        for (Object o : transcript) {
            if (o instanceof Map<?, ?> t) {
                lines.add(new String[] {String.valueOf(t.get("direction")), String.valueOf(t.get("text"))});
            }
        }
        Set<String> wanted = new java.util.HashSet<>();
        for (String word : codes.split("[_\\s]+")) {
            if (COMMANDS.contains(word)) {
                wanted.add(word);
            }
        }
        if (codes.contains("RELAY")) {
            wanted.add("MAIL");
            wanted.add("RCPT");
        }
        List<String> shown = new ArrayList<>();
        if (!wanted.isEmpty()) {
            boolean in = false;
            for (String[] l : lines) {
                if ("C".equals(l[0])) {
                    String verb = l[1].strip().split("[\\s:]+", 2)[0].toUpperCase(Locale.ROOT);
                    in = wanted.contains(verb);
                }
                if (in) {
                    shown.add(l[0] + ": " + l[1]);
                }
            }
        }
        if (shown.isEmpty()) {
            int lastClient = -1;
            for (int i = 0; i < lines.size(); i++) {
                if ("C".equals(lines.get(i)[0])) {
                    lastClient = i;
                }
            }
            if (!lines.isEmpty() && "S".equals(lines.getFirst()[0]) && lastClient != 0) {
                shown.add("S: " + lines.getFirst()[1]);
            }
            if (lastClient >= 0) {
                if (lastClient > 1) {
                    shown.add("…");
                }
                for (int i = lastClient; i < lines.size(); i++) {
                    shown.add(lines.get(i)[0] + ": " + lines.get(i)[1]);
                }
            }
        }
        blocks.add(new Block("Transcript", shown));
    }
}
