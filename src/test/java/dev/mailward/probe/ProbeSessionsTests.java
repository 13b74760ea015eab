package dev.mailward.probe;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mailward.checks.CheckOptions;
import dev.mailward.probe.testservers.Probing;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Every endpoint probe is counted once, by how it ended ({@code mailward.probe.sessions}). */
class ProbeSessionsTests {

    private static Map<ProbeSessions.Outcome, Long> counts() {
        Map<ProbeSessions.Outcome, Long> out = new EnumMap<>(ProbeSessions.Outcome.class);
        for (ProbeSessions.Outcome o : ProbeSessions.Outcome.values()) {
            out.put(o, ProbeSessions.count(o));
        }
        return out;
    }

    private static void assertOneMore(Map<ProbeSessions.Outcome, Long> before, ProbeSessions.Outcome outcome) {
        Map<ProbeSessions.Outcome, Long> after = counts();
        for (ProbeSessions.Outcome o : ProbeSessions.Outcome.values()) {
            assertThat(after.get(o) - before.get(o)).as(o.name()).isEqualTo(o == outcome ? 1 : 0);
        }
    }

    @Test
    void anAddressThePolicyRefusesIsCountedAsNotContacted() {
        Map<ProbeSessions.Outcome, Long> before = counts();
        Endpoint endpoint = new Endpoint("mx.test", 25, List.of(InetAddress.getLoopbackAddress()), Protocol.SMTP);
        // the default policy refuses loopback
        Probing.prober().observe(endpoint, CheckOptions.defaults(), Probing.deadline());
        assertOneMore(before, ProbeSessions.Outcome.NOT_CONTACTED);
    }

    @Test
    void aRefusedConnectionIsCountedAsFailed() throws Exception {
        int closed;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closed = s.getLocalPort();
        }
        Map<ProbeSessions.Outcome, Long> before = counts();
        Endpoint endpoint = new Endpoint("mx.test", closed, List.of(InetAddress.getLoopbackAddress()), Protocol.SMTP);
        Probing.prober().observe(endpoint, Probing.options(), Probing.deadline());
        assertOneMore(before, ProbeSessions.Outcome.FAILED);
    }
}
