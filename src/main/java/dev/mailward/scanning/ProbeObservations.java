package dev.mailward.scanning;

import dev.mailward.checks.DomainObservation;
import dev.mailward.checks.ProbeFacts;
import dev.mailward.configaudit.Observations;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The configuration correlation's input ({@link Observations}) from the scan's typed observation:
 * the facts the {@code checks} module reads from it ({@link ProbeFacts}), handed over field by
 * field. No finding code, evidence key or result text is consulted.
 */
final class ProbeObservations {

    private ProbeObservations() {}

    /** The observations per probed host name (lower case); hosts without an SMTP endpoint are left out. */
    static Map<String, Observations> byHost(DomainObservation observation) {
        Map<String, Observations> out = new LinkedHashMap<>();
        ProbeFacts.byHost(observation).forEach((host, s) -> {
            Observations o = new Observations(
                    s.relayAccepted(),
                    s.banner(),
                    s.ptrName(),
                    s.tlsVersionsSeen(),
                    s.domainDanePresent(),
                    s.openPorts());
            out.put(host, s.vrfyEnumerable().map(o::withVrfyEnumerable).orElse(o));
        });
        return out;
    }

    /** The DKIM keys of the scanned domain, per selector queried; empty when the dkim family did not observe. */
    static Optional<Observations.DkimKeys> dkimKeys(DomainObservation observation) {
        return ProbeFacts.dkimKeys(observation).map(k -> {
            Map<String, Observations.KeyState> states = new LinkedHashMap<>();
            k.selectors()
                    .forEach((selector, state) -> states.put(
                            selector,
                            switch (state) {
                                case USABLE -> Observations.KeyState.USABLE;
                                case MISSING -> Observations.KeyState.MISSING;
                                case REVOKED -> Observations.KeyState.REVOKED;
                                case UNUSABLE -> Observations.KeyState.UNUSABLE;
                            }));
            return new Observations.DkimKeys(k.domain(), states);
        });
    }
}
