package dev.mailward.scanning;

import java.util.List;

/**
 * What a "scan now" covers: some domains, the domains with a tag, the domains of a team, or every
 * domain the user may scan.
 */
public sealed interface ScanSelection {

    /** The given domains. */
    record Domains(List<Long> domainIds) implements ScanSelection {
        public Domains {
            domainIds = List.copyOf(domainIds);
        }
    }

    /** The domains carrying {@code tag}. */
    record Tag(String tag) implements ScanSelection {}

    /** The domains of team {@code teamId}. */
    record Team(long teamId) implements ScanSelection {}

    /** Every domain. */
    record All() implements ScanSelection {}
}
