package dev.mailward.probe;

import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

/**
 * How many endpoint probes ({@link MailProber#observe}) this process ran, by outcome. Process-wide like
 * the JVM's own counters, because probers are created per observation: the counts only grow and are
 * thread-safe. The console exports them as the meter {@code mailward.probe.sessions} ({@code checks.config});
 * the library itself knows no metrics system.
 */
public final class ProbeSessions {

    /** How a probe of one endpoint ended. */
    public enum Outcome {
        /** The server greeted and the session ran to its end (TLS included where it was offered). */
        COMPLETED,
        /** The server greeted, but the TLS handshake (implicit or after STARTTLS) did not complete. */
        TLS_FAILED,
        /** The session could not be held: connection refused, timeout, a broken or silent server. */
        FAILED,
        /** Nothing was contacted: no address, or the target policy refused every address. */
        NOT_CONTACTED;

        /** The outcome {@code observation} shows. */
        public static Outcome of(EndpointObservation observation) {
            if (observation.address().isEmpty()) {
                return NOT_CONTACTED;
            }
            if (observation.notTestable().isPresent()) {
                return FAILED;
            }
            return observation.tlsFailure().isPresent() ? TLS_FAILED : COMPLETED;
        }
    }

    private static final Map<Outcome, LongAdder> COUNTS = counts();

    private ProbeSessions() {}

    private static Map<Outcome, LongAdder> counts() {
        Map<Outcome, LongAdder> out = new EnumMap<>(Outcome.class);
        for (Outcome o : Outcome.values()) {
            out.put(o, new LongAdder());
        }
        return out;
    }

    static EndpointObservation counted(EndpointObservation observation) {
        COUNTS.get(Outcome.of(observation)).increment();
        return observation;
    }

    /** Probes that ended with {@code outcome} since this process started. */
    public static long count(Outcome outcome) {
        return COUNTS.get(outcome).sum();
    }
}
