package dev.mailward.configaudit;

import dev.mailward.checks.Status;
import java.util.List;
import java.util.Optional;

/**
 * One finding of an uploaded configuration, with the lines it points to and the fix.
 *
 * @param code stable finding code, e.g. {@code RELAY_OPEN}
 * @param status the finding's status
 * @param message what was found, naming the offending value
 * @param mitigation mitigation id, e.g. {@code no-open-relay}
 * @param lines the lines of the (redacted) upload it points to; line 0 means "not set"
 * @param fix a configuration snippet that fixes it, when one exists
 */
public record ConfigFinding(
        String code, Status status, String message, String mitigation, List<LineRef> lines, Optional<String> fix) {

    public ConfigFinding {
        lines = List.copyOf(lines);
    }
}
