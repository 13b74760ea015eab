package dev.mailward.checks.rdns;

import static dev.mailward.checks.Answers.ok;
import static org.assertj.core.api.Assertions.assertThat;

import dev.mailward.checks.CheckResult;
import dev.mailward.checks.Finding;
import java.net.InetAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@link PtrCheck#analyse} over PTR and forward answers written by hand: no network. */
class PtrAnalyseTests {

    private static final Instant STARTED = Instant.parse("2026-03-01T10:00:00Z");

    @Test
    void aForwardConfirmedButGenericNameWarnsAndTheNamesAreHandedOnTyped() {
        InetAddress ip = InetAddress.ofLiteral("192.0.2.7");
        PtrObservation.Address a = new PtrObservation.Address(
                ip,
                STARTED,
                Duration.ofMillis(2),
                List.of(
                        ok("7.2.0.192.in-addr.arpa", "PTR", "dsl-192-0-2-7.pool.isp.test."),
                        ok("dsl-192-0-2-7.pool.isp.test", "A", "192.0.2.7")));

        List<CheckResult> results = new PtrCheck().analyse(new PtrObservation("example.test", List.of(a)));

        assertThat(results).singleElement().satisfies(r -> {
            assertThat(r.target()).isEqualTo("192.0.2.7");
            assertThat(r.findings()).extracting(Finding::code).containsExactly("PTR_GENERIC", "PTR_OK");
            assertThat(r.checkedAt()).isEqualTo(STARTED);
        });
        assertThat(a.names()).containsExactly("dsl-192-0-2-7.pool.isp.test");
    }

    @Test
    void aNameThatDoesNotResolveBackFails() {
        InetAddress ip = InetAddress.ofLiteral("192.0.2.8");
        PtrObservation.Address a = new PtrObservation.Address(
                ip,
                STARTED,
                Duration.ZERO,
                List.of(
                        ok("8.2.0.192.in-addr.arpa", "PTR", "mail.example.test."),
                        ok("mail.example.test", "A", "192.0.2.99")));

        assertThat(new PtrCheck()
                        .analyse(new PtrObservation("example.test", List.of(a)))
                        .getFirst()
                        .findings())
                .extracting(Finding::code)
                .containsExactly("PTR_NOT_FORWARD_CONFIRMED");
    }
}
