package dev.mailward.reports;

import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * Which domains a report covers, always within the teams the requesting user may see.
 * A closed set: everything visible, one team, one tag, or domains chosen by name.
 */
public sealed interface ReportScope {

    /** The most domain names a {@link Domains} scope may list. */
    int MAX_NAMES = 1_000;

    /** The stable kind id used in forms, the API and the archive: {@code all}, {@code team}, {@code tag}, {@code domains}. */
    String kind();

    /** Every domain the user may see. */
    record All() implements ReportScope {
        public String kind() {
            return "all";
        }
    }

    /** The domains of one team. */
    record Team(long teamId) implements ReportScope {
        public String kind() {
            return "team";
        }
    }

    /** The domains carrying a tag. */
    record Tag(String tag) implements ReportScope {
        public Tag {
            tag = tag == null ? "" : tag.strip();
            if (tag.isEmpty() || tag.length() > 64) {
                throw new ReportValidationException(
                        "tag", "reports.error.tag", "a tag of 1 to 64 characters is required");
            }
        }

        public String kind() {
            return "tag";
        }
    }

    /** Domains chosen by name (A-label or U-label, case-insensitive, a trailing dot ignored). */
    record Domains(List<String> names) implements ReportScope {
        public Domains {
            Objects.requireNonNull(names, "names");
            // counted before anything is done with the names: a huge list is refused at once
            if (names.size() > MAX_NAMES) {
                throw new ReportValidationException(
                        "domains",
                        "reports.error.tooManyDomains",
                        names.size() + " domains named; at most " + MAX_NAMES + " are accepted");
            }
            if (names.stream().anyMatch(Objects::isNull)) {
                throw new ReportValidationException("domains", "reports.error.domains", "a domain name is null");
            }
            names = names.stream()
                    .map(String::strip)
                    .filter(s -> !s.isEmpty())
                    .map(s -> s.endsWith(".") ? s.substring(0, s.length() - 1) : s)
                    .map(s -> s.toLowerCase(Locale.ROOT))
                    .distinct()
                    .toList();
            if (names.isEmpty()) {
                throw new ReportValidationException("domains", "reports.error.domains", "name at least one domain");
            }
            if (names.size() > MAX_NAMES) {
                throw new ReportValidationException(
                        "domains",
                        "reports.error.tooManyDomains",
                        names.size() + " domains named; at most " + MAX_NAMES + " are accepted");
            }
            for (String n : names) {
                if (n.length() > 253) {
                    throw new ReportValidationException(
                            "domains",
                            "reports.error.domainName",
                            "'" + ReportFormat.abbreviate(n) + "' is longer than 253 characters");
                }
            }
        }

        public String kind() {
            return "domains";
        }
    }

    /**
     * The scope from form or API fields.
     *
     * @throws ReportValidationException when the kind is unknown or its field is missing
     */
    static ReportScope of(String kind, Long teamId, String tag, List<String> domains) {
        String k = kind == null || kind.isBlank() ? "all" : kind.strip().toLowerCase(Locale.ROOT);
        return switch (k) {
            case "all" -> new All();
            case "team" -> {
                if (teamId == null) {
                    throw new ReportValidationException("teamId", "reports.error.team", "choose a team");
                }
                yield new Team(teamId);
            }
            case "tag" -> new Tag(tag);
            case "domains" -> new Domains(domains == null ? List.of() : domains);
            default ->
                throw new ReportValidationException(
                        "scope",
                        "reports.error.scope",
                        "unknown scope '" + ReportFormat.abbreviate(kind) + "'; use all, team, tag or domains");
        };
    }
}
