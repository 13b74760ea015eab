package dev.mailward.checks;

import dev.mailward.probe.ChainCause;
import dev.mailward.probe.Endpoint;
import dev.mailward.probe.EndpointObservation;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * What probing one endpoint observed, everything its judgement ({@link EndpointProber#analyse})
 * needs: the session, or why there was none, and the facts about the presented chain that depend
 * on the trust store and the clock at the time of the probe. Part of the {@code endpoints}
 * family's observation; a stored format.
 *
 * @param endpoint the endpoint probed
 * @param started when probing began (the results' {@code checkedAt})
 * @param elapsed how long it took; {@code started + elapsed} is the moment certificates are judged at
 * @param session what the prober observed (this cycle's observation of the address, port and protocol);
 *     empty when the probe could not run
 * @param notRun why the probe could not run (CA bundle unusable, settings invalid, the probe failed or
 *     did not complete); present exactly when {@code session} is empty
 * @param chainProblem why the chain the server presented does not validate to the trusted CAs, as the
 *     trust store judged it when probed; empty when it validates or no chain was presented
 * @param chainCause what that reason amounts to (self-signed, unknown CA, incomplete chain), judged
 *     with the trust store of the probe; empty when the chain validates, and in observations stored
 *     before it was recorded (then the judgement reads what it can from the chain itself)
 */
public record ProbedEndpoint(
        Endpoint endpoint,
        Instant started,
        Duration elapsed,
        Optional<EndpointObservation> session,
        Optional<String> notRun,
        Optional<String> chainProblem,
        Optional<ChainCause> chainCause) {

    public ProbedEndpoint {
        Objects.requireNonNull(endpoint, "endpoint");
        Objects.requireNonNull(started, "started");
        Objects.requireNonNull(elapsed, "elapsed");
        if (session.isPresent() == notRun.isPresent()) {
            throw new IllegalArgumentException("a probe has a session or a reason why not, not both or neither");
        }
        Objects.requireNonNull(chainProblem, "chainProblem");
        // an observation stored before the field existed decodes it as null
        chainCause = chainCause == null ? Optional.empty() : chainCause;
    }

    /** A probe that could not run, for {@code why}. */
    public static ProbedEndpoint notRun(Endpoint endpoint, Instant started, Duration elapsed, String why) {
        return new ProbedEndpoint(
                endpoint, started, elapsed, Optional.empty(), Optional.of(why), Optional.empty(), Optional.empty());
    }

    /** The moment the probe ended: what certificate validity is judged against. */
    public Instant observedAt() {
        return started.plus(elapsed);
    }
}
