package dev.mailward.checks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mailward.checks.DomainObservation.FamilyObservation;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class DomainObservationTests {

    private static final Instant AT = Instant.parse("2026-03-01T10:00:00Z");

    private static FamilyObservation notObserved(String check, String why) {
        return new FamilyObservation.NotObserved(check, AT, Duration.ZERO, why);
    }

    @Test
    void aSecondObservationOfSomeFamiliesTakesTheirPlaceAndKeepsTheRest() {
        DomainObservation first = new DomainObservation(
                "example.test",
                AT,
                List.of(notObserved("mx", "first"), notObserved("spf", "first"), notObserved("dkim", "first")));
        DomainObservation second = new DomainObservation(
                "example.test",
                AT.plusSeconds(5),
                List.of(notObserved("spf", "second"), notObserved("endpoints", "second")));

        DomainObservation merged = first.with(second);

        assertThat(merged.observedAt()).isEqualTo(AT);
        assertThat(merged.families())
                .extracting(f -> f.check() + " " + ((FamilyObservation.NotObserved) f).reason())
                .containsExactly("mx first", "spf second", "dkim first", "endpoints second");
    }

    @Test
    void refusesTwoObservationsOfOneFamilyAndObservationsOfAnotherDomain() {
        assertThatThrownBy(() -> new DomainObservation(
                        "example.test", AT, List.of(notObserved("mx", "a"), notObserved("mx", "b"))))
                .isInstanceOf(IllegalArgumentException.class);
        DomainObservation one = new DomainObservation("example.test", AT, List.of());
        assertThatThrownBy(() -> one.with(new DomainObservation("other.test", AT, List.of())))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
