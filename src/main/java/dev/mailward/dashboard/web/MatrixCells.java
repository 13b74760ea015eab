package dev.mailward.dashboard.web;

import dev.mailward.checks.Mitigation;
import dev.mailward.dashboard.Portfolio;
import dev.mailward.mitigations.MitigationStatus;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.springframework.web.util.HtmlUtils;

/**
 * The portfolio's repetitive table cells as ready HTML, built once per request in Java: the matrix has
 * 13 cells per domain (650 on a page) and the compliance table 7 per mitigation, and evaluating three
 * Thymeleaf expressions per cell was the largest part of rendering the page. The templates write each row's
 * cells with one {@code th:utext}; every text in them comes from the message bundle or is a number, and is
 * HTML-escaped here ({@link HtmlUtils#htmlEscape}), the status class is an enum constant's name.
 */
final class MatrixCells {

    private MatrixCells() {}

    /**
     * One row of the matrix, ready to render.
     *
     * @param domainId the domain, for its link
     * @param displayName U-label (escaped by the template's {@code th:text})
     * @param teamName its team (escaped by the template's {@code th:text})
     * @param scoreClass CSS classes of the score badge
     * @param scoreText the score, or the message for none
     * @param cells the status cells, one {@code <td>} per mitigation, escaped HTML
     */
    record MatrixRow(
            long domainId, String displayName, String teamName, String scoreClass, String scoreText, String cells) {}

    /**
     * One line of the compliance table.
     *
     * @param id the mitigation's id, for its link
     * @param label the mitigation's short name (escaped by the template's {@code th:text})
     * @param cells one {@code <td>} per status, escaped HTML
     */
    record ComplianceRow(String id, String label, String cells) {}

    /**
     * The matrix rows; {@code label} gives a status's text, {@code noScore} the text for a domain without a
     * score. Each cell links to the domain's guide for that mitigation
     * ({@code <guideBase>/mitigations/<id>/guide?domain=<domainId>}); {@code mitigationLabel} gives a
     * mitigation's short name (by id) for the link's text to screen readers.
     */
    static List<MatrixRow> matrix(
            List<Portfolio.Row> rows,
            Function<MitigationStatus, String> label,
            Function<String, String> mitigationLabel,
            String guideBase,
            String noScore) {
        Mitigation[] order = Mitigation.values();
        String[] hrefs = new String[order.length];
        String[] names = new String[order.length];
        for (int i = 0; i < order.length; i++) {
            hrefs[i] = HtmlUtils.htmlEscape(guideBase + "/mitigations/" + order[i].id() + "/guide?domain=");
            names[i] = HtmlUtils.htmlEscape(mitigationLabel.apply(order[i].id()));
        }
        Map<MitigationStatus, String> text = new EnumMap<>(MitigationStatus.class);
        for (MitigationStatus s : MitigationStatus.values()) {
            text.put(s, HtmlUtils.htmlEscape(label.apply(s)));
        }
        List<MatrixRow> out = new ArrayList<>(rows.size());
        StringBuilder b = new StringBuilder(4096);
        for (Portfolio.Row r : rows) {
            b.setLength(0);
            List<MitigationStatus> statuses = r.statuses();
            for (int i = 0; i < statuses.size(); i++) {
                MitigationStatus s = statuses.get(i);
                String t = text.get(s);
                b.append("<td class=\"col-m\"><a class=\"cell cell-")
                        .append(s.name())
                        .append("\" href=\"")
                        .append(hrefs[i])
                        .append(r.domainId())
                        .append("\" title=\"")
                        .append(t)
                        .append("\"><span class=\"sr\">")
                        .append(t)
                        .append(": ")
                        .append(names[i])
                        .append("</span></a></td>");
            }
            out.add(new MatrixRow(
                    r.domainId(),
                    r.displayName(),
                    r.teamName(),
                    scoreClass(r.score().isPresent() ? r.score().getAsInt() : null),
                    r.score().isPresent() ? Integer.toString(r.score().getAsInt()) : noScore,
                    b.toString()));
        }
        return out;
    }

    /** The compliance lines; {@code percent} formats a share and its count ({@code dashboard.percent}). */
    static List<ComplianceRow> compliance(
            List<Portfolio.Compliance> lines, Function<String, String> shortLabel, PercentFormat percent) {
        List<ComplianceRow> out = new ArrayList<>(lines.size());
        StringBuilder b = new StringBuilder(512);
        for (Portfolio.Compliance c : lines) {
            b.setLength(0);
            for (MitigationStatus s : MitigationStatus.values()) {
                b.append("<td>")
                        .append(HtmlUtils.htmlEscape(percent.format(c.percent(s), c.count(s))))
                        .append("</td>");
            }
            String id = c.mitigation().id();
            out.add(new ComplianceRow(id, shortLabel.apply(id), b.toString()));
        }
        return out;
    }

    /** The badge classes of a score, as {@code dashboard/parts :: score} sets them; {@code null} for none. */
    static String scoreClass(Integer score) {
        if (score == null) {
            return "score score-none";
        }
        return score >= 80 ? "score score-good" : score >= 50 ? "score score-mid" : "score score-bad";
    }

    /** Formats a share in percent and its count. */
    @FunctionalInterface
    interface PercentFormat {
        String format(int percent, int count);
    }
}
