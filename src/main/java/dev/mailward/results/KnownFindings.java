package dev.mailward.results;

import dev.mailward.checks.CheckRegistry;
import dev.mailward.checks.CheckRunner;
import dev.mailward.checks.EndpointProber;
import dev.mailward.checks.FindingCode;
import dev.mailward.configaudit.ConfigAudit;
import dev.mailward.probe.Endpoint;
import dev.mailward.probe.Protocol;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The check ids results are stored under and the finding codes they can carry, so that an
 * accepted finding can only name a check and a code Mailward emits (a typo would otherwise be an
 * exception that never matches anything).
 */
public final class KnownFindings {

    /**
     * The check ids of the endpoint probes' results (every protocol), plus their summary
     * {@code endpoints} and {@code dane}: the results a probe cycle produces.
     */
    public static final Set<String> PROBE_RESULT_IDS = probeResultIds();

    private static final Set<String> CHECKS = checks();
    private static final Set<String> CODES = codes();

    private KnownFindings() {}

    static boolean isCheck(String id) {
        return CHECKS.contains(id);
    }

    static boolean isCode(String code) {
        return CODES.contains(code);
    }

    private static Set<String> checks() {
        Set<String> ids = new HashSet<>(PROBE_RESULT_IDS);
        CheckRegistry.withProbes(EndpointProber.forOneCycle()).all().forEach(c -> ids.add(c.id()));
        ids.add(ConfigAudit.CHECK_ID);
        return Set.copyOf(ids);
    }

    private static Set<String> codes() {
        Set<String> codes = new HashSet<>();
        CheckRegistry.withProbes(EndpointProber.forOneCycle()).codes().forEach(c -> codes.add(c.name()));
        ConfigAudit.codes().forEach(c -> codes.add(c.name()));
        for (FindingCode c : CheckRunner.RunnerCode.values()) {
            codes.add(c.name());
        }
        return Set.copyOf(codes);
    }

    private static Set<String> probeResultIds() {
        Set<String> ids = new LinkedHashSet<>(List.of("endpoints", "dane"));
        for (Protocol p : Protocol.values()) {
            ids.addAll(EndpointProber.checkIds(new Endpoint("probe.invalid", 1, List.of(), p)));
        }
        return Set.copyOf(ids);
    }
}
