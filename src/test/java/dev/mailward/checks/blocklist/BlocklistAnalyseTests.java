package dev.mailward.checks.blocklist;

import static dev.mailward.checks.Answers.nxdomain;
import static dev.mailward.checks.Answers.ok;
import static org.assertj.core.api.Assertions.assertThat;

import dev.mailward.checks.CheckResult;
import dev.mailward.checks.Finding;
import java.net.InetAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@link BlocklistCheck#analyse} over DNSBL answers written by hand: no network. */
class BlocklistAnalyseTests {

    private static final Instant STARTED = Instant.parse("2026-03-01T10:00:00Z");

    @Test
    void judgesEachZoneOfEachAddressWithTheListingsReason() {
        InetAddress ip = InetAddress.ofLiteral("192.0.2.2");
        BlocklistObservation o = new BlocklistObservation(
                "example.test",
                List.of("bl.test", "clean.test"),
                List.of(new BlocklistObservation.Address(
                        ip,
                        STARTED,
                        Duration.ofMillis(8),
                        List.of(
                                ok("2.2.0.192.bl.test", "A", "127.0.0.2"),
                                ok("2.2.0.192.bl.test", "TXT", "\"listed for testing\""),
                                nxdomain("2.2.0.192.clean.test", "A")))));

        List<CheckResult> results = new BlocklistCheck().analyse(o);

        assertThat(results).singleElement().satisfies(r -> {
            assertThat(r.findings())
                    .extracting(Finding::code)
                    .containsExactly("BLOCKLIST_LISTED", "BLOCKLIST_NOT_LISTED");
            assertThat(r.findings().getFirst().message())
                    .isEqualTo("192.0.2.2 is listed on bl.test (127.0.0.2): listed for testing");
        });
    }

    @Test
    void noZonesNoResults() {
        assertThat(new BlocklistCheck().analyse(new BlocklistObservation("example.test", List.of(), List.of())))
                .isEmpty();
    }
}
