package dev.mailward.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mailward.checks.Mitigation;
import dev.mailward.mitigations.MitigationStatus;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * {@code domain_score.statuses} is a stored format: its positions are pinned here, by mitigation id, so that
 * reordering or renaming the {@link Mitigation} constants cannot silently shift what the rows mean.
 */
class StatusLettersTests {

    /** The stored layout as written by every release so far. Append only; never reorder. */
    private static final List<String> STORED_LAYOUT = List.of(
            "listeners",
            "no-open-relay",
            "maintained-mta",
            "mailbox-access",
            "reputation",
            "layered-auth",
            "sieve",
            "sasl-submission",
            "spf-dkim",
            "dnssec-dane",
            "rspamd",
            "dos-limits",
            "tls");

    @Test
    void thePositionsAreTheStoredFormatsNotTheEnumsOrder() {
        assertThat(StatusLetters.LAYOUT.subList(0, STORED_LAYOUT.size()))
                .extracting(Mitigation::id)
                .containsExactlyElementsOf(STORED_LAYOUT);
        assertThat(StatusLetters.LAYOUT).containsExactlyInAnyOrder(Mitigation.values());
        assertThat(StatusLetters.NONE).hasSize(Mitigation.values().length);
    }

    @Test
    void eachMitigationsLetterStandsAtItsStoredPositionAndDecodesInCatalogueOrder() {
        Map<Mitigation, MitigationStatus> statuses = new EnumMap<>(Mitigation.class);
        statuses.put(Mitigation.TLS, MitigationStatus.FAIL);
        statuses.put(Mitigation.NO_OPEN_RELAY, MitigationStatus.PASS);
        statuses.put(Mitigation.SPF_DKIM, MitigationStatus.ACCEPTED);
        String letters = StatusLetters.encode(statuses);

        assertThat(letters.charAt(STORED_LAYOUT.indexOf("tls"))).isEqualTo('F');
        assertThat(letters.charAt(STORED_LAYOUT.indexOf("no-open-relay"))).isEqualTo('P');
        assertThat(letters.charAt(STORED_LAYOUT.indexOf("spf-dkim"))).isEqualTo('A');
        List<MitigationStatus> decoded = StatusLetters.decode(letters);
        for (Mitigation m : Mitigation.values()) {
            assertThat(decoded.get(m.ordinal()))
                    .as(m.id())
                    .isEqualTo(statuses.getOrDefault(m, MitigationStatus.NOT_MEASURED));
        }
    }

    @Test
    void aFilterOnOneMitigationLooksAtItsStoredPosition() {
        String letters = StatusLetters.encode(Map.of(Mitigation.TLS, MitigationStatus.FAIL));
        Pattern tlsFailing = Pattern.compile(StatusLetters.pattern(Optional.empty(), Optional.of(Mitigation.TLS)));
        Pattern relayFailing =
                Pattern.compile(StatusLetters.pattern(Optional.empty(), Optional.of(Mitigation.NO_OPEN_RELAY)));
        assertThat(tlsFailing.matcher(letters).find()).isTrue();
        assertThat(relayFailing.matcher(letters).find()).isFalse();
        assertThat(StatusLetters.position(Mitigation.TLS)).isEqualTo(STORED_LAYOUT.indexOf("tls"));
    }
}
