package dev.mailward.configaudit;

import dev.mailward.checks.CheckResult;
import dev.mailward.checks.Status;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One stored upload: the redacted texts, what was redacted, and the audit of the texts together
 * with the newest correlation with outside observations.
 *
 * @param summary version, hash, who and when
 * @param sourceAddress the uploader's client address, when known
 * @param files the redacted texts that were uploaded, in {@link ConfigFile} order
 * @param redactions the secrets removed on intake (keys and lines only)
 * @param audit the configuration audit of the texts (check {@code config})
 * @param findings the audit's findings followed by the correlation's, most severe first
 * @param correlation the newest correlation, when one ran
 */
public record ConfigUpload(
        ConfigUploadSummary summary,
        Optional<String> sourceAddress,
        Map<ConfigFile, String> files,
        List<RedactedKey> redactions,
        CheckResult audit,
        List<ConfigFinding> findings,
        Optional<Correlation> correlation) {

    public ConfigUpload {
        files = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(files));
        redactions = List.copyOf(redactions);
        findings = findings.stream()
                .sorted(Comparator.comparingInt((ConfigFinding f) -> -f.status().severity()))
                .toList();
    }

    /**
     * A comparison of the upload with outside observations.
     *
     * @param source where the observations came from, e.g. {@code inventory}, {@code probe}
     * @param observedAt when it ran
     * @param findings the contradictions found (none: configuration and observations agree)
     */
    public record Correlation(String source, Instant observedAt, List<ConfigFinding> findings) {
        public Correlation {
            findings = List.copyOf(findings);
        }
    }

    /** The overall status: the worst of the audit's and the correlation's findings. */
    public Status status() {
        return Status.worst(findings.stream().map(ConfigFinding::status).toList());
    }

    /** The findings grouped by mitigation, the worst mitigation first, then by catalogue order of first mention. */
    public List<MitigationFindings> byMitigation() {
        Map<String, List<ConfigFinding>> groups = new LinkedHashMap<>();
        for (ConfigFinding f : findings) {
            groups.computeIfAbsent(f.mitigation(), k -> new ArrayList<>()).add(f);
        }
        List<MitigationFindings> out = new ArrayList<>();
        groups.forEach((m, fs) -> out.add(new MitigationFindings(
                m, Status.worst(fs.stream().map(ConfigFinding::status).toList()), fs)));
        out.sort(Comparator.comparingInt((MitigationFindings g) -> -g.status().severity()));
        return out;
    }
}
