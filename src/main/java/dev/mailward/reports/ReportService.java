package dev.mailward.reports;

import dev.mailward.accounts.AccessScope;
import dev.mailward.accounts.Accounts;
import dev.mailward.accounts.CurrentUser;
import dev.mailward.accounts.TeamRef;
import dev.mailward.checks.Mitigation;
import dev.mailward.inventory.PageOf;
import dev.mailward.mitigations.DomainAssessment;
import dev.mailward.mitigations.MitigationCatalogue;
import dev.mailward.results.AcceptedFinding;
import dev.mailward.shared.AuditableAction;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.DigestInputStream;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;
import org.thymeleaf.ITemplateEngine;
import tools.jackson.databind.json.JsonMapper;

/**
 * The reports facade: generates audit reports into the archive, lists and opens archived reports,
 * verifies copies by SHA-256.
 *
 * <p>Every call is scoped like the inventory: a user other than an admin reports on, and sees archived
 * reports of, their own teams only; an archived report is visible to a user who belongs to every team
 * whose domains it contains. {@code ADMIN}, {@code OPERATOR} and {@code AUDITOR} may all export.
 * Invalid requests throw {@link ReportValidationException}, unknown or invisible ids
 * {@link ReportNotFoundException}.
 */
@Service
public class ReportService {

    /** Archive entries per page. */
    public static final int ARCHIVE_PAGE_SIZE = 25;

    private static final Logger log = LoggerFactory.getLogger(ReportService.class);
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final ReportSource source;
    private final ReportArchive archive;
    private final Accounts accounts;
    private final MitigationCatalogue catalogue;
    private final ITemplateEngine templates;
    private final ReportsProperties properties;
    private final ApplicationEventPublisher events;
    private final TransactionTemplate readTx;
    private final TransactionTemplate writeTx;
    private final Clock clock = Clock.systemUTC();

    ReportService(
            ReportSource source,
            ReportArchive archive,
            Accounts accounts,
            MitigationCatalogue catalogue,
            ITemplateEngine templates,
            ReportsProperties properties,
            ApplicationEventPublisher events,
            PlatformTransactionManager transactions) {
        this.source = source;
        this.archive = archive;
        this.accounts = accounts;
        this.catalogue = catalogue;
        this.templates = templates;
        this.properties = properties;
        this.events = events;
        this.readTx = new TransactionTemplate(transactions);
        // one snapshot for every pass over the data (the PDF reads twice)
        this.readTx.setReadOnly(true);
        this.readTx.setIsolationLevel(TransactionDefinition.ISOLATION_REPEATABLE_READ);
        this.writeTx = new TransactionTemplate(transactions);
    }

    /** The teams the user may report on, for the form. */
    @PreAuthorize("isAuthenticated()")
    public List<TeamRef> teams() {
        return accounts.teamsVisibleTo(accounts.currentScope());
    }

    /** The tags of the domains the user may report on, sorted, for the form's suggestions. */
    @PreAuthorize("isAuthenticated()")
    public List<String> tags() {
        return readTx.execute(s -> source.tags(visibleTeams(accounts.currentScope())));
    }

    /** What {@link #generate(ReportRequest, IfNoDomain)} does with a scope that matches no domain. */
    public enum IfNoDomain {
        /** Archive a report of no domain (the API's behaviour: a team may export its empty scope). */
        EMPTY_REPORT,
        /** Refuse with {@code reports.error.emptyScope} (the form's: an empty report is a mistyped scope). */
        REFUSE
    }

    /**
     * Generates a report into the archive and audits it ({@code report.generated}); a scope that matches
     * no domain gives a report of no domain.
     *
     * @return the archive entry with the SHA-256 of the file
     * @throws ReportValidationException when the scope, the dates or the size are refused
     */
    @PreAuthorize("isAuthenticated()")
    public ArchivedReport generate(ReportRequest request) {
        return generate(request, IfNoDomain.EMPTY_REPORT);
    }

    /**
     * Generates a report into the archive and audits it ({@code report.generated}).
     *
     * @return the archive entry with the SHA-256 of the file
     * @throws ReportValidationException when the scope, the dates or the size are refused, or the scope
     *     matches no domain and {@code ifNoDomain} is {@link IfNoDomain#REFUSE}
     */
    @PreAuthorize("isAuthenticated()")
    public ArchivedReport generate(ReportRequest request, IfNoDomain ifNoDomain) {
        AccessScope scope = accounts.currentScope();
        Instant now = clock.instant();
        if (request.asOf().isPresent() && request.asOf().get().isAfter(now)) {
            throw new ReportValidationException(
                    "asOf",
                    "reports.error.asOfFuture",
                    "'as of' " + request.asOf().get() + " lies in the future");
        }
        Resolved resolved = resolve(scope, request.scope());
        Instant at = request.asOf().orElse(now);
        if (request.format() == ReportFormat.PDF || ifNoDomain == IfNoDomain.REFUSE) {
            int n = readTx.execute(s -> source.count(resolved.filter(), request.asOf()));
            if (n == 0 && ifNoDomain == IfNoDomain.REFUSE) {
                throw new ReportValidationException(
                        "scope",
                        "reports.error.emptyScope",
                        "the scope " + request.scope().kind()
                                + (resolved.label().isEmpty() ? "" : " '" + resolved.label() + "'")
                                + " matches no domain you may see"
                                + (request.asOf().isPresent()
                                        ? " as of " + request.asOf().get()
                                        : ""));
            }
            if (request.format() == ReportFormat.PDF && n > properties.pdfMaxDomains()) {
                throw new ReportValidationException(
                        "format",
                        "reports.error.pdfTooLarge",
                        "a PDF covers at most " + properties.pdfMaxDomains() + " domains; this scope has " + n
                                + " (use CSV or JSON, or a smaller scope)");
            }
        }
        long id = archive.nextId();
        String actor = CurrentUser.actorName();
        ReportHeader header = new ReportHeader(
                id,
                request.format(),
                request.scope().kind(),
                resolved.label(),
                at,
                request.asOf().isEmpty(),
                request.since(),
                actor,
                now);
        Path dir = archiveDir();
        Path tmp;
        Set<Long> teams = new TreeSet<>();
        int[] domains = {0};
        MessageDigest sha = sha256();
        long size;
        try {
            tmp = Files.createTempFile(dir, "report-" + id + "-", ".part");
            try (CountingOutputStream counting = new CountingOutputStream(
                    new DigestOutputStream(new BufferedOutputStream(Files.newOutputStream(tmp), 64 * 1024), sha))) {
                readTx.executeWithoutResult(s -> write(header, request, resolved.filter(), at, counting, dir, d -> {
                    domains[0]++;
                    teams.add(d.teamId());
                }));
                size = counting.count();
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write report " + id + " to " + dir, e);
        }
        String hash = HexFormat.of().formatHex(sha.digest());
        String fileName =
                id + "-" + hash.substring(0, 16) + "." + request.format().extension();
        try {
            Files.move(tmp, dir.resolve(fileName), StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot store report " + id + " in " + dir, e);
        }
        if (teams.isEmpty() && resolved.filter().teamIds() != null) {
            teams.addAll(List.of(resolved.filter().teamIds()));
        }
        ArchivedReport report = new ArchivedReport(
                id,
                request.format(),
                request.scope().kind(),
                resolved.label(),
                List.copyOf(teams),
                at,
                request.asOf().isEmpty(),
                request.since(),
                actor,
                now,
                hash,
                size,
                domains[0],
                true);
        writeTx.executeWithoutResult(s -> {
            archive.insert(report, resolved.json(), fileName);
            String detail = "format=" + request.format() + " scope="
                    + request.scope().kind()
                    + (resolved.label().isEmpty() ? "" : ":" + resolved.label()) + " asOf=" + at
                    + request.since().map(x -> " since=" + x).orElse("") + " domains=" + domains[0] + " sha256=" + hash;
            if (teams.isEmpty()) {
                events.publishEvent(new AuditableAction(actor, null, "report.generated", "report:" + id, detail));
            }
            for (Long team : teams) {
                events.publishEvent(AuditableAction.forTeam(actor, team, "report.generated", "report:" + id, detail));
            }
        });
        log.info(
                "Report {} ({}, {} domains, {} bytes, sha256 {}) generated by {}",
                id,
                request.format(),
                domains[0],
                size,
                hash,
                actor);
        return report;
    }

    private void write(
            ReportHeader header,
            ReportRequest request,
            ReportSource.Filter filter,
            Instant at,
            OutputStream out,
            Path workDir,
            java.util.function.Consumer<DomainSnapshot> seen) {
        Map<Long, String> teamNames = new HashMap<>();
        accounts.teams().forEach(t -> teamNames.put(t.id(), t.name()));
        Map<Long, List<AcceptedFinding>> exceptions = source.exceptions(filter, at);
        Map<Mitigation, Integer> weights = catalogue.weights();
        Function<DomainSnapshot, DomainAssessment> assess = d -> d.assess(weights, at);
        ReportSummary summary = new ReportSummary(weights);
        request.since()
                .ifPresent(since -> summary.changes(source.changes(filter, since, at, properties.changesListed())));
        switch (request.format()) {
            case CSV -> {
                try (Stream<DomainSnapshot> ds = source.domains(filter, request.asOf(), false, teamNames, exceptions)) {
                    Writer w = new OutputStreamWriter(out, StandardCharsets.UTF_8);
                    CsvReportWriter.write(ds.iterator(), w, seen);
                }
            }
            case JSON -> {
                try (Stream<DomainSnapshot> ds = source.domains(filter, request.asOf(), true, teamNames, exceptions)) {
                    JsonReportWriter.write(header, peek(ds.iterator(), seen), assess, summary, out);
                }
            }
            case PDF -> {
                try (Stream<DomainSnapshot> ds = source.domains(filter, request.asOf(), false, teamNames, exceptions)) {
                    ds.forEach(d -> summary.add(d, assess.apply(d)));
                }
                try (Stream<DomainSnapshot> ds = source.domains(filter, request.asOf(), true, teamNames, exceptions)) {
                    new PdfReportWriter(templates, properties.evidenceLines())
                            .write(header, summary, peek(ds.iterator(), seen), assess, out, workDir);
                }
            }
        }
    }

    private static <T> Iterator<T> peek(Iterator<T> it, java.util.function.Consumer<T> seen) {
        return new Iterator<>() {
            @Override
            public boolean hasNext() {
                return it.hasNext();
            }

            @Override
            public T next() {
                T t = it.next();
                seen.accept(t);
                return t;
            }
        };
    }

    /** A page of the archive the user may see, newest first. */
    @PreAuthorize("isAuthenticated()")
    public PageOf<ArchivedReport> archive(int page) {
        Long[] teams = visibleTeams(accounts.currentScope());
        int p = Math.max(0, page);
        return new PageOf<>(
                archive.page(teams, p * ARCHIVE_PAGE_SIZE, ARCHIVE_PAGE_SIZE),
                p,
                ARCHIVE_PAGE_SIZE,
                archive.count(teams));
    }

    /** One archived report; another team's is "not found". */
    @PreAuthorize("isAuthenticated()")
    public ArchivedReport report(long id) {
        return stored(id).report();
    }

    /**
     * An archived report's file, after checking that its bytes still have the archived SHA-256.
     *
     * @throws ReportNotFoundException when the report is unknown or invisible
     * @throws ReportFileMissingException when the file is gone or no longer matches its hash
     */
    @PreAuthorize("isAuthenticated()")
    public ReportFile open(long id) {
        ReportArchive.Stored stored = stored(id);
        Path path =
                stored.fileName().map(f -> properties.archiveDir().resolve(f)).orElse(null);
        if (path == null || !Files.isReadable(path)) {
            throw new ReportFileMissingException(id, "the file of report " + id + " is no longer in the archive");
        }
        try (InputStream in = Files.newInputStream(path)) {
            String actual = sha256Hex(in);
            if (!actual.equals(stored.report().sha256())) {
                throw new ReportFileMissingException(
                        id,
                        "the file of report " + id + " has SHA-256 " + actual + ", not the archived "
                                + stored.report().sha256());
            }
        } catch (IOException e) {
            throw new ReportFileMissingException(id, "the file of report " + id + " cannot be read");
        }
        return new ReportFile(stored.report(), path);
    }

    /** Hashes a copy and looks the hash up in the archive (reports the user may see). */
    @PreAuthorize("isAuthenticated()")
    public VerifyResult verify(InputStream copy) {
        try {
            return verifyHash(sha256Hex(copy));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the copy", e);
        }
    }

    /**
     * Looks a SHA-256 (hex, as {@code sha256sum} prints it) up in the archive.
     *
     * @throws ReportValidationException when it is not 64 hex digits
     */
    @PreAuthorize("isAuthenticated()")
    public VerifyResult verifyHash(String sha256) {
        String h = sha256 == null ? "" : sha256.strip().toLowerCase(Locale.ROOT);
        int space = h.indexOf(' ');
        if (space > 0) {
            h = h.substring(0, space); // "sha256sum" output: "<hash>  <file>"
        }
        if (!h.matches("[0-9a-f]{64}")) {
            throw new ReportValidationException(
                    "sha256",
                    "reports.error.sha256",
                    "'" + ReportFormat.abbreviate(sha256) + "' is not a SHA-256 (64 hexadecimal digits)");
        }
        return new VerifyResult(h, archive.bySha256(h, visibleTeams(accounts.currentScope())));
    }

    // ---------------------------------------------------------------- helpers

    private record Resolved(ReportSource.Filter filter, String label, String json) {}

    private Resolved resolve(AccessScope scope, ReportScope requested) {
        Long[] visible = visibleTeams(scope);
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("kind", requested.kind());
        return switch (requested) {
            case ReportScope.All a ->
                new Resolved(new ReportSource.Filter(visible, null, null), "", JSON.writeValueAsString(json));
            case ReportScope.Team t -> {
                Optional<TeamRef> team = accounts.team(t.teamId()).filter(x -> scope.canSee(x.id()));
                if (team.isEmpty()) {
                    throw new ReportValidationException(
                            "teamId", "reports.error.unknownTeam", "unknown team " + t.teamId());
                }
                json.put("teamId", t.teamId());
                yield new Resolved(
                        new ReportSource.Filter(new Long[] {t.teamId()}, null, null),
                        team.get().name(),
                        JSON.writeValueAsString(json));
            }
            case ReportScope.Tag t -> {
                json.put("tag", t.tag());
                yield new Resolved(
                        new ReportSource.Filter(visible, t.tag(), null), t.tag(), JSON.writeValueAsString(json));
            }
            case ReportScope.Domains d -> {
                json.put("domains", d.names());
                String label = String.join(
                                ", ", d.names().subList(0, Math.min(5, d.names().size())))
                        + (d.names().size() > 5 ? " (+" + (d.names().size() - 5) + ")" : "");
                yield new Resolved(
                        new ReportSource.Filter(visible, null, d.names().toArray(String[]::new)),
                        label,
                        JSON.writeValueAsString(json));
            }
        };
    }

    /** {@code null} for an admin (every team), the memberships otherwise. */
    private static Long[] visibleTeams(AccessScope scope) {
        return scope.isAdmin() ? null : scope.teamIds().toArray(Long[]::new);
    }

    private ReportArchive.Stored stored(long id) {
        return archive.find(id, visibleTeams(accounts.currentScope()))
                .orElseThrow(() -> new ReportNotFoundException(id));
    }

    private Path archiveDir() {
        Path dir = properties.archiveDir().toAbsolutePath().normalize();
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the report archive directory " + dir, e);
        }
        return dir;
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }

    static String sha256Hex(InputStream in) throws IOException {
        MessageDigest sha = sha256();
        try (DigestInputStream d = new DigestInputStream(in, sha)) {
            d.transferTo(OutputStream.nullOutputStream());
        }
        return HexFormat.of().formatHex(sha.digest());
    }

    /** Counts the bytes written through it. */
    private static final class CountingOutputStream extends java.io.FilterOutputStream {
        private long count;

        CountingOutputStream(OutputStream out) {
            super(out);
        }

        @Override
        public void write(int b) throws IOException {
            out.write(b);
            count++;
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
            count += len;
        }

        long count() {
            return count;
        }
    }
}
