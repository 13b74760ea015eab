package dev.mailward.mitigations;

import dev.mailward.checks.Check;
import dev.mailward.checks.CheckRegistry;
import dev.mailward.checks.FindingCode;
import dev.mailward.checks.Mitigation;
import dev.mailward.mitigations.internal.GuideDocument;
import dev.mailward.mitigations.internal.GuideMarkdown;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The thirteen mitigations with their texts, weights, finding codes and guides. Immutable.
 *
 * <p>The texts are versioned data: one Markdown resource per mitigation,
 * {@code dev/mailward/mitigations/guides/<id>.md}, whose front matter holds {@code title}, {@code weight},
 * {@code protects}, {@code measures} and {@code revised}. The finding codes come from the check families
 * ({@link FindingCode#mitigation()}), so a new family plugs in by being registered and by adding a
 * {@code ### CODE} section to the guide of each mitigation its codes inform.
 *
 * <p>Weights (1 to 5) say how much a mitigation protects a domain and its users when it is missing:
 * 5 {@code no-open-relay} (an open relay is abused within hours and blocklisted), 4 {@code tls},
 * {@code spf-dkim}, {@code layered-auth} (confidentiality in transit and spoofing of the domain),
 * 3 {@code dnssec-dane}, {@code sasl-submission}, {@code mailbox-access} (downgrade and credential theft),
 * 2 {@code reputation}, {@code maintained-mta}, {@code dos-limits}, {@code listeners} (exposure and
 * deliverability), 1 {@code rspamd}, {@code sieve} (good practice with a smaller direct security effect).
 */
public final class MitigationCatalogue {

    static final String RESOURCE_DIR = "/dev/mailward/mitigations/guides/";
    private static final int MAX_GUIDE_BYTES = 256 * 1024;

    private final Map<Mitigation, CatalogueEntry> entries;

    private MitigationCatalogue(Map<Mitigation, CatalogueEntry> entries) {
        this.entries = java.util.Collections.unmodifiableMap(new EnumMap<>(entries));
    }

    /**
     * The catalogue with the codes of every family Mailward ships: the DNS checks, the mail server probes
     * ({@link CheckRegistry#withProbes}) and the configuration audit.
     */
    public static MitigationCatalogue standard() {
        return loadCodes(standardFamilies());
    }

    /** Check id to codes of every family Mailward ships (see {@link #standard()}). */
    public static Map<String, List<? extends FindingCode>> standardFamilies() {
        Map<String, List<? extends FindingCode>> families =
                families(CheckRegistry.withProbes(dev.mailward.checks.EndpointProber.forOneCycle())
                        .all());
        families.putIfAbsent(
                dev.mailward.configaudit.ConfigAudit.CHECK_ID, dev.mailward.configaudit.ConfigAudit.codes());
        return families;
    }

    /** Check id to codes of {@code checks}, in order. */
    public static Map<String, List<? extends FindingCode>> families(Collection<? extends Check> checks) {
        Map<String, List<? extends FindingCode>> families = new LinkedHashMap<>();
        checks.forEach(c -> families.putIfAbsent(c.id(), c.codes()));
        return families;
    }

    /**
     * The catalogue with the codes of {@code checks}, read from the guide resources.
     *
     * @throws IllegalStateException when a guide resource is missing or malformed
     */
    public static MitigationCatalogue load(Collection<? extends Check> checks) {
        return loadCodes(families(checks));
    }

    /**
     * The catalogue with the codes of {@code families} (check id to the codes it emits), read from the guide
     * resources. Families that are not a {@link Check} (the configuration audit) plug in here.
     *
     * @throws IllegalStateException when a guide resource is missing or malformed
     */
    public static MitigationCatalogue loadCodes(Map<String, ? extends List<? extends FindingCode>> families) {
        Map<String, CodeAccumulator> codes = new LinkedHashMap<>();
        families.forEach((checkId, list) -> {
            for (FindingCode code : list) {
                CodeAccumulator a = codes.computeIfAbsent(code.name(), k -> new CodeAccumulator(code));
                if (!a.checks.contains(checkId)) {
                    a.checks.add(checkId);
                }
            }
        });
        Map<Mitigation, CatalogueEntry> entries = new EnumMap<>(Mitigation.class);
        for (Mitigation m : Mitigation.values()) {
            String source = RESOURCE_DIR + m.id() + ".md";
            GuideDocument doc;
            try {
                doc = GuideDocument.parse(source, read(source));
            } catch (IllegalArgumentException e) {
                throw new IllegalStateException(e.getMessage(), e);
            }
            int weight;
            try {
                weight = Integer.parseInt(doc.require(source, "weight"));
            } catch (NumberFormatException e) {
                throw new IllegalStateException(source + ": weight is not a number: "
                        + doc.get("weight").orElse(""));
            }
            if (weight < 1 || weight > 5) {
                throw new IllegalStateException(source + ": weight " + weight + " outside 1..5");
            }
            List<CatalogueEntry.CodeRef> refs = new ArrayList<>();
            codes.values().stream()
                    .filter(a -> a.code.mitigation() == m)
                    .forEach(a -> refs.add(new CatalogueEntry.CodeRef(a.code.name(), a.code.title(), a.checks)));
            entries.put(
                    m,
                    new CatalogueEntry(
                            m,
                            doc.require(source, "title"),
                            doc.require(source, "protects"),
                            doc.require(source, "measures"),
                            weight,
                            doc.require(source, "revised"),
                            refs,
                            doc.markdown(),
                            GuideMarkdown.render(doc.markdown()),
                            GuideMarkdown.codeSections(doc.markdown()),
                            parts(source, doc.markdown())));
        }
        return new MitigationCatalogue(entries);
    }

    /** The guide cut into its parts; a guide without "Fix it" or "Verify", or with a part of another name, is refused. */
    private static CatalogueEntry.Parts parts(String source, String markdown) {
        Map<String, String> sections = GuideMarkdown.sections(markdown);
        for (String name : sections.keySet()) {
            if (!name.isEmpty() && !CatalogueEntry.PART_NAMES.contains(name)) {
                throw new IllegalStateException(source + ": unknown section '## " + name + "' (one of "
                        + new java.util.TreeSet<>(CatalogueEntry.PART_NAMES) + ")");
            }
        }
        for (String required : List.of("why-it-matters", "fix-it", "verify")) {
            if (!sections.containsKey(required)) {
                throw new IllegalStateException(source + ": lacks the section '" + required + "'");
            }
        }
        return new CatalogueEntry.Parts(
                sections.get("") + sections.get("why-it-matters"),
                sections.get("fix-it"),
                sections.get("verify"),
                sections.getOrDefault("references", ""),
                sections.getOrDefault("finding-codes", ""));
    }

    private static String read(String resource) {
        try (InputStream in = MitigationCatalogue.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("guide resource " + resource + " is missing");
            }
            byte[] bytes = in.readNBytes(MAX_GUIDE_BYTES + 1);
            if (bytes.length > MAX_GUIDE_BYTES) {
                throw new IllegalStateException("guide resource " + resource + " is larger than " + MAX_GUIDE_BYTES);
            }
            return new String(bytes, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + resource, e);
        }
    }

    /** All entries in catalogue order (DESIGN.md §5). */
    public List<CatalogueEntry> entries() {
        return List.copyOf(entries.values());
    }

    public CatalogueEntry entry(Mitigation mitigation) {
        return entries.get(mitigation);
    }

    /** The entry with the stable id, e.g. {@code spf-dkim}. */
    public Optional<CatalogueEntry> byId(String id) {
        return entries.values().stream().filter(e -> e.id().equals(id)).findFirst();
    }

    /** The weight of every mitigation, for {@link MitigationRules#assess}. */
    public Map<Mitigation, Integer> weights() {
        Map<Mitigation, Integer> w = new EnumMap<>(Mitigation.class);
        entries.forEach((m, e) -> w.put(m, e.weight()));
        return w;
    }

    /** The entry whose guide explains {@code code}, when a registered family emits it. */
    public Optional<CatalogueEntry> entryForCode(String code) {
        return entries.values().stream()
                .filter(e -> e.codes().stream().anyMatch(c -> c.code().equals(code)) || e.hasSection(code))
                .findFirst();
    }

    private static final class CodeAccumulator {
        final FindingCode code;
        final List<String> checks = new ArrayList<>();

        CodeAccumulator(FindingCode code) {
            this.code = code;
        }
    }
}
