package dev.mailward.results;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.LocalDate;
import org.junit.jupiter.api.Test;

/** The one expiry rule of an accepted finding: it holds through its expiry day, in UTC. */
class AcceptedFindingTests {

    static AcceptedFinding until(LocalDate lastDay) {
        return covering(lastDay, ExceptionScope.TARGET);
    }

    static AcceptedFinding covering(LocalDate lastDay, ExceptionScope scope) {
        return new AcceptedFinding(
                1,
                2,
                "ptr",
                "192.0.2.1",
                "PTR_MISSING",
                "backup MX",
                lastDay,
                "admin",
                Instant.parse("2026-11-01T08:00:00Z"),
                scope);
    }

    @Test
    void aTargetExceptionCoversItsOwnCheckAndTargetOnly() {
        AcceptedFinding f = covering(LocalDate.parse("2026-11-30"), ExceptionScope.TARGET);
        assertThat(f.covers("ptr", "192.0.2.1", "PTR_MISSING")).isTrue();
        assertThat(f.covers("ptr", "192.0.2.2", "PTR_MISSING")).isFalse();
        assertThat(f.covers("fcrdns", "192.0.2.1", "PTR_MISSING")).isFalse();
        assertThat(f.covers("ptr", "192.0.2.1", "PTR_MISMATCH")).isFalse();
        assertThat(f.coveredTarget()).contains("192.0.2.1");
    }

    @Test
    void aDomainExceptionCoversItsCodeOnEveryTarget() {
        AcceptedFinding f = covering(LocalDate.parse("2026-11-30"), ExceptionScope.DOMAIN);
        assertThat(f.covers("ptr", "192.0.2.1", "PTR_MISSING")).isTrue();
        assertThat(f.covers("ptr", "2001:db8::25", "PTR_MISSING")).isTrue();
        assertThat(f.covers("ptr", "192.0.2.2", "PTR_MISMATCH")).isFalse();
        assertThat(f.coveredTarget()).isEmpty();
        assertThat(f.coveredCheck()).isEmpty();
    }

    @Test
    void holdsThroughItsExpiryDayInUtc() {
        AcceptedFinding f = until(LocalDate.parse("2026-11-30"));
        assertThat(f.endsAt()).isEqualTo(Instant.parse("2026-12-01T00:00:00Z"));
        assertThat(f.holdsAt(Instant.parse("2026-11-30T00:00:00Z"))).isTrue();
        assertThat(f.holdsAt(Instant.parse("2026-11-30T23:59:59.999999999Z"))).isTrue();
        assertThat(f.holdsAt(Instant.parse("2026-12-01T00:00:00Z"))).isFalse();
        assertThat(f.holdsAt(Instant.parse("2026-12-01T00:00:00.001Z"))).isFalse();
    }

    @Test
    void theLastDayCountsTheDayAfterDoesNot() {
        AcceptedFinding f = until(LocalDate.parse("2026-11-30"));
        assertThat(f.holdsOn(LocalDate.parse("2026-11-29"))).isTrue();
        assertThat(f.holdsOn(LocalDate.parse("2026-11-30"))).isTrue();
        assertThat(f.holdsOn(LocalDate.parse("2026-12-01"))).isFalse();
    }

    @Test
    void anEntryIsActiveOnItsLastDayUnlessRevoked() {
        AcceptedFinding f = until(LocalDate.parse("2026-11-30"));
        var entry = new ExceptionEntry(f, "example.org", 3, java.util.Optional.empty(), java.util.Optional.empty());
        assertThat(entry.activeOn(LocalDate.parse("2026-11-30"))).isTrue();
        assertThat(entry.activeOn(LocalDate.parse("2026-12-01"))).isFalse();
        var revoked = new ExceptionEntry(
                f,
                "example.org",
                3,
                java.util.Optional.of("admin"),
                java.util.Optional.of(Instant.parse("2026-11-10T00:00:00Z")));
        assertThat(revoked.activeOn(LocalDate.parse("2026-11-20"))).isFalse();
    }
}
