package dev.mailward.dashboard.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mailward.checks.Mitigation;
import dev.mailward.checks.Status;
import dev.mailward.dashboard.DomainDashboard;
import dev.mailward.dashboard.Portfolio;
import dev.mailward.mitigations.MitigationStatus;
import dev.mailward.results.ChangeDirection;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

/**
 * The cells the dashboard builds as HTML in Java match what the templates rendered before, and escape every
 * text: labels, counts, check ids and targets (targets come from scanned DNS and certificates).
 */
class RenderedCellsTests {

    private static final String HOSTILE = "<img src=x onerror=\"alert('x')\">&";
    private static final String ESCAPED = "&lt;img src=x onerror=&quot;alert(&#39;x&#39;)&quot;&gt;&amp;";

    @Test
    void matrixCellsLinkToTheDomainsGuideAndCarryStatusClassTitleAndScreenReaderTextEscaped() {
        List<MitigationStatus> statuses =
                new ArrayList<>(Collections.nCopies(Mitigation.values().length, MitigationStatus.PASS));
        statuses.set(2, MitigationStatus.FAIL);
        Portfolio.Row row = new Portfolio.Row(
                7, "xn--bcher-kva.example", "bücher.example", "Team", List.of(), OptionalInt.of(64), statuses, true);
        Portfolio.Row none = new Portfolio.Row(
                8, "new.example", "new.example", "Team", List.of(), OptionalInt.empty(), statuses, false);
        List<MatrixCells.MatrixRow> rows = MatrixCells.matrix(
                List.of(row, none),
                s -> s == MitigationStatus.FAIL ? HOSTILE : s.name().toLowerCase(),
                id -> id.equals(Mitigation.values()[1].id()) ? HOSTILE : "short " + id,
                "/ctx",
                "–");
        MatrixCells.MatrixRow r = rows.getFirst();
        assertThat(r.domainId()).isEqualTo(7);
        assertThat(r.displayName()).isEqualTo("bücher.example");
        assertThat(r.scoreClass()).isEqualTo("score score-mid");
        assertThat(r.scoreText()).isEqualTo("64");
        Mitigation first = Mitigation.values()[0];
        assertThat(r.cells())
                .startsWith("<td class=\"col-m\"><a class=\"cell cell-PASS\" href=\"/ctx/mitigations/" + first.id()
                        + "/guide?domain=7\" title=\"pass\"><span class=\"sr\">pass: short " + first.id()
                        + "</span></a></td>");
        assertThat(r.cells().split("<td ")).hasSize(Mitigation.values().length + 1);
        assertThat(r.cells())
                .contains("<a class=\"cell cell-FAIL\" href=\"/ctx/mitigations/" + Mitigation.values()[2].id()
                        + "/guide?domain=7\" title=\"" + ESCAPED + "\"><span class=\"sr\">" + ESCAPED + ": short "
                        + Mitigation.values()[2].id() + "</span>")
                .contains("<span class=\"sr\">pass: " + ESCAPED + "</span>")
                .doesNotContain("<img");
        assertThat(rows.get(1).scoreClass()).isEqualTo("score score-none");
        assertThat(rows.get(1).scoreText()).isEqualTo("–");
        assertThat(MatrixCells.scoreClass(80)).isEqualTo("score score-good");
        assertThat(MatrixCells.scoreClass(49)).isEqualTo("score score-bad");
    }

    @Test
    void complianceCellsAreOnePerStatusEscaped() {
        Map<MitigationStatus, Integer> counts = new EnumMap<>(MitigationStatus.class);
        counts.put(MitigationStatus.PASS, 3);
        counts.put(MitigationStatus.FAIL, 1);
        List<MatrixCells.ComplianceRow> rows = MatrixCells.compliance(
                List.of(new Portfolio.Compliance(Mitigation.TLS, counts, 4)),
                id -> "short " + id,
                (percent, count) -> percent + " % (" + count + ")" + (count == 1 ? HOSTILE : ""));
        MatrixCells.ComplianceRow c = rows.getFirst();
        assertThat(c.id()).isEqualTo(Mitigation.TLS.id());
        assertThat(c.label()).isEqualTo("short " + Mitigation.TLS.id());
        assertThat(c.cells())
                .startsWith("<td>75 % (3)</td>")
                .contains("<td>25 % (1)" + ESCAPED + "</td>")
                .doesNotContain("<img");
        assertThat(c.cells().split("<td>")).hasSize(MitigationStatus.values().length + 1);
    }

    @Test
    void timelineEscapesChecksTargetsAndLabels() {
        Instant at = Instant.parse("2026-11-30T08:15:00Z");
        DomainDashboard.Day day = new DomainDashboard.Day(
                LocalDate.parse("2026-11-30"),
                List.of(
                        new DomainDashboard.Change(at, "tls", HOSTILE, ChangeDirection.WORSE, Status.PASS, Status.FAIL),
                        new DomainDashboard.Change(
                                at, "spf<b>", "example.org", ChangeDirection.BETTER, Status.WARN, Status.PASS)));
        List<TimelineHtml.Day> days = TimelineHtml.of(List.of(day), key -> key.endsWith("FAIL") ? HOSTILE : key);
        assertThat(days).hasSize(1);
        assertThat(days.getFirst().day()).isEqualTo("2026-11-30");
        String items = days.getFirst().items();
        assertThat(items.split("<li>")).hasSize(3);
        assertThat(items)
                .contains("<span class=\"direction direction-WORSE\">scanning.direction.WORSE</span>")
                .contains("<span class=\"mono muted target\">" + ESCAPED + "</span>")
                .contains("<span class=\"status status-PASS\">status.PASS</span> →")
                .contains("<span class=\"status status-FAIL\">" + ESCAPED + "</span>")
                .contains("<span class=\"mono\">spf&lt;b&gt;</span>")
                .doesNotContain("<img")
                .doesNotContain("<b>");
    }
}
