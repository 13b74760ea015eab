package dev.mailward.checks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mailward.checks.LiveJudgements.Judgement;
import dev.mailward.checks.spf.SpfCode;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** {@link LiveJudgements}: a cache of judging, by the observation's identity, of immutable judgements. */
class LiveJudgementsTests {

    private record Seen(String domain) implements Observation {}

    @Test
    void remembersTheVeryObservationNeverAnEqualOne() {
        LiveJudgements<Seen, String> live = new LiveJudgements<>();
        Seen observed = new Seen("example.test");
        Seen decoded = new Seen("example.test");

        assertThat(live.remember(observed, "live")).isSameAs(observed);

        assertThat(decoded).isEqualTo(observed);
        assertThat(live.of(observed)).contains("live");
        assertThat(live.of(decoded)).isEmpty();
    }

    @Test
    void walksWhatItDoesNotRememberAndDoesNotRememberTheWalk() {
        LiveJudgements<Seen, String> live = new LiveJudgements<>();
        Seen observed = live.remember(new Seen("example.test"), "live");
        Seen other = new Seen("example.test");
        AtomicInteger walks = new AtomicInteger();

        assertThat(live.judge(observed, o -> "walked " + walks.incrementAndGet()))
                .isEqualTo("live");
        assertThat(live.of(observed)).as("used up by the judge").isEmpty();
        assertThat(walks).hasValue(0);
        assertThat(live.judge(other, o -> "walked " + walks.incrementAndGet())).isEqualTo("walked 1");
        assertThat(live.judge(other, o -> "walked " + walks.incrementAndGet())).isEqualTo("walked 2");
        assertThat(live.of(other)).isEmpty();
    }

    /**
     * A bulk run: a few domains in flight at a time (here 8, against a bound of 16), observed, then
     * judged; the observations judged before are not collected yet (here: still referenced). Every
     * live walk is found by its judge, whatever went before.
     */
    @Test
    void everyLiveWalkIsFoundByItsJudgeHoweverManyObservationsWentBefore() {
        LiveJudgements<Seen, String> live = new LiveJudgements<>(16);
        AtomicInteger walks = new AtomicInteger();
        List<Seen> notCollectedYet = new ArrayList<>();
        for (int round = 0; round < 200; round++) {
            List<Seen> inFlight = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                inFlight.add(live.remember(new Seen("d" + round + "-" + i + ".test"), "live"));
            }
            for (Seen observed : inFlight) {
                assertThat(live.judge(observed, o -> "walked " + walks.incrementAndGet()))
                        .isEqualTo("live");
            }
            notCollectedYet.addAll(inFlight);
        }
        assertThat(walks).hasValue(0);
        assertThat(notCollectedYet).hasSize(1_600);
    }

    /**
     * More observations waiting for their judge than the bound: the ones over it are not
     * remembered, and their judge walks the recorded answers instead; judging frees room again.
     */
    @Test
    void overTheBoundNothingIsRememberedAndTheJudgeWalks() {
        LiveJudgements<Seen, String> live = new LiveJudgements<>(4);
        List<Seen> waiting = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            waiting.add(live.remember(new Seen("d" + i + ".test"), "live " + i));
        }
        assertThat(live.size()).isEqualTo(4);
        AtomicInteger walks = new AtomicInteger();

        assertThat(live.judge(waiting.get(4), o -> "walked " + walks.incrementAndGet()))
                .isEqualTo("walked 1");
        assertThat(live.judge(waiting.get(0), o -> "walked " + walks.incrementAndGet()))
                .isEqualTo("live 0");
        assertThat(live.size()).isEqualTo(3);

        Seen next = live.remember(new Seen("d6.test"), "live 6");
        assertThat(live.judge(next, o -> "walked " + walks.incrementAndGet())).isEqualTo("live 6");
        assertThat(walks).hasValue(1);
    }

    @Test
    void rememberingTheSameObservationAgainReplacesItsJudgement() {
        LiveJudgements<Seen, String> live = new LiveJudgements<>();
        Seen observed = live.remember(new Seen("example.test"), "first");
        live.remember(observed, "second");

        assertThat(live.size()).isEqualTo(1);
        assertThat(live.judge(observed, o -> "walked")).isEqualTo("second");
        assertThat(live.of(observed)).isEmpty();
    }

    @Test
    void aJudgementIsAnImmutableSnapshotEqualToWhatTheWalkWrote() {
        Map<String, Object> tree = new LinkedHashMap<>();
        tree.put("domain", "example.test");
        tree.put("orgDomain", null);
        tree.put("children", new ArrayList<>(List.of(new LinkedHashMap<>(Map.of("domain", "_spf.example.test")))));
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("spfTree", tree);
        details.put("spfLookups", 2);
        details.put("aOrder", new ArrayList<>(Arrays.asList("z", null, "a")));
        List<Finding> findings = new ArrayList<>(List.of(Finding.of(SpfCode.SPF_LOOKUPS_OK, Status.PASS, "2")));

        Judgement j = new Judgement(findings, details);
        findings.clear();
        tree.put("domain", "changed.test");

        assertThat(j.findings()).hasSize(1);
        assertThat(j.details().keySet()).containsExactly("spfTree", "spfLookups", "aOrder");
        @SuppressWarnings("unchecked")
        Map<String, Object> frozenTree = (Map<String, Object>) j.details().get("spfTree");
        assertThat(frozenTree).containsEntry("domain", "example.test").containsEntry("orgDomain", null);
        assertThat(j.details().get("aOrder")).isEqualTo(Arrays.asList("z", null, "a"));
        assertThatThrownBy(() -> frozenTree.put("x", 1)).isInstanceOf(UnsupportedOperationException.class);
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> children = (List<Map<String, Object>>) frozenTree.get("children");
        assertThatThrownBy(() -> children.getFirst().put("x", 1)).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> children.add(Map.of())).isInstanceOf(UnsupportedOperationException.class);

        // written to evidence twice (a regression confirmed by judging again), nothing is doubled
        Evidence once = j.detailsTo(Evidence.builder()).build();
        Evidence twice = j.detailsTo(Evidence.builder()).build();
        assertThat(twice).isEqualTo(once);
        assertThat(once.details()).isEqualTo(j.details());
    }
}
