package dev.mailward.configaudit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mailward.configaudit.ConfigDiff.FileDiff;
import dev.mailward.configaudit.ConfigDiff.Kind;
import dev.mailward.configaudit.ConfigDiff.Line;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class LineDiffTests {

    private static List<Line> lines(FileDiff d) {
        return d.hunks().stream().flatMap(h -> h.lines().stream()).toList();
    }

    @Test
    void marksAChangedLineAsRemovedAndAddedWithBothLineNumbers() {
        FileDiff d = LineDiff.diff(ConfigFile.POSTCONF, List.of("a", "b", "c"), List.of("a", "B", "c"));
        assertThat(d.added()).isEqualTo(1);
        assertThat(d.removed()).isEqualTo(1);
        assertThat(lines(d))
                .containsExactly(
                        new Line(Kind.SAME, 1, 1, "a"),
                        new Line(Kind.REMOVED, 2, 0, "b"),
                        new Line(Kind.ADDED, 0, 2, "B"),
                        new Line(Kind.SAME, 3, 3, "c"));
    }

    @Test
    void findsAMinimalScriptForInsertionsAndDeletionsInTheMiddle() {
        FileDiff d = LineDiff.diff(
                ConfigFile.MASTER, List.of("a", "b", "c", "a", "b", "b", "a"), List.of("c", "b", "a", "b", "a", "c"));
        assertThat(d.added() + d.removed()).isEqualTo(5); // Myers' paper example: D = 5
        List<String> rebuilt = new ArrayList<>();
        lines(d).stream().filter(l -> l.kind() != Kind.REMOVED).forEach(l -> rebuilt.add(l.text()));
        assertThat(rebuilt).containsExactly("c", "b", "a", "b", "a", "c");
    }

    @Test
    void showsOnlyContextAroundChangesAndNothingForEqualTexts() {
        List<String> before = IntStream.range(0, 100).mapToObj(i -> "line " + i).toList();
        List<String> after = new ArrayList<>(before);
        after.set(10, "changed 10");
        after.set(80, "changed 80");
        FileDiff d = LineDiff.diff(ConfigFile.DOVECONF, before, after);
        assertThat(d.hunks()).hasSize(2);
        assertThat(d.hunks().getFirst().lines()).hasSize(2 * LineDiff.CONTEXT + 2);
        assertThat(LineDiff.diff(ConfigFile.DOVECONF, before, before).hunks()).isEmpty();
    }

    @Test
    void aFileLeftOutOfAnUploadIsDroppedNotEdited() {
        assertThat(LineDiff.diff(ConfigFile.MASTER, List.of("a", "b"), List.of())
                        .dropped())
                .isTrue();
        assertThat(LineDiff.diff(ConfigFile.MASTER, List.of("a", "b"), List.of("a"))
                        .dropped())
                .isFalse();
    }

    @Test
    void fallsBackToReplacingTheWholeMiddleBeyondTheEditBound() {
        List<String> before = IntStream.range(0, 3000).mapToObj(i -> "old " + i).toList();
        List<String> after = IntStream.range(0, 3000).mapToObj(i -> "new " + i).toList();
        FileDiff d = LineDiff.diff(ConfigFile.RSPAMD, before, after);
        assertThat(d.truncated()).isTrue();
        assertThat(d.added()).isEqualTo(3000);
        assertThat(d.removed()).isEqualTo(3000);
    }
}
