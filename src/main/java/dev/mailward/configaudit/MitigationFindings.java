package dev.mailward.configaudit;

import dev.mailward.checks.Status;
import java.util.List;

/**
 * The findings of one upload that inform one mitigation, most severe first.
 *
 * @param mitigation mitigation id, e.g. {@code tls}
 * @param status the worst status of the findings
 * @param findings the findings
 */
public record MitigationFindings(String mitigation, Status status, List<ConfigFinding> findings) {

    public MitigationFindings {
        findings = List.copyOf(findings);
    }
}
