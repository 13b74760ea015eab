package dev.mailward.inventory;

import dev.mailward.accounts.AccessScope;
import dev.mailward.accounts.Accounts;
import dev.mailward.accounts.CurrentUser;
import dev.mailward.accounts.TeamRef;
import dev.mailward.dns.DomainName;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The inventory's facade: domains and mail servers, onboarding with discovery, bulk import.
 *
 * <p>Every read is scoped: users other than admins see only their teams' domains and servers, and
 * an id of another team's row is answered with {@link InventoryNotFoundException} exactly like an
 * id that does not exist. Writes need {@code ADMIN} or {@code OPERATOR} (method security) and the
 * row's team in the user's scope ({@link AccessDeniedException} otherwise). Invalid input throws
 * {@link InventoryValidationException} naming the field.
 */
@Service
public class InventoryService {

    private static final Logger log = LoggerFactory.getLogger(InventoryService.class);
    private static final String WRITERS = "hasAnyRole('ADMIN','OPERATOR')";
    private static final int IMPORT_BATCH = 1_000;

    private final DomainStore domains;
    private final ServerStore servers;
    private final DomainDiscoverer discoverer;
    private final BackgroundDiscovery background;
    private final Accounts accounts;
    private final TransactionTemplate tx;
    private final ApplicationEventPublisher events;
    private final InventoryProperties properties;

    InventoryService(
            DomainStore domains,
            ServerStore servers,
            DomainDiscoverer discoverer,
            BackgroundDiscovery background,
            Accounts accounts,
            TransactionTemplate tx,
            ApplicationEventPublisher events,
            InventoryProperties properties) {
        this.domains = domains;
        this.servers = servers;
        this.discoverer = discoverer;
        this.background = background;
        this.accounts = accounts;
        this.tx = tx;
        this.events = events;
        this.properties = properties;
    }

    // ---------------------------------------------------------------- reads

    /** A page of the domains the user may see. */
    @PreAuthorize("isAuthenticated()")
    public PageOf<DomainSummary> domains(DomainQuery query) {
        AccessScope scope = accounts.currentScope();
        return domains.list(query, visible(scope), teamNames());
    }

    /** One domain with its mail servers; another team's id is "not found". */
    @PreAuthorize("isAuthenticated()")
    public DomainDetails domain(long id) {
        AccessScope scope = accounts.currentScope();
        return details(visibleDomain(scope, id));
    }

    /**
     * The domain with this name (A-label or U-label, any case, one trailing dot allowed) if the user may
     * see it; empty for a name that is not a domain name, unknown, or of another team.
     */
    @PreAuthorize("isAuthenticated()")
    public Optional<DomainDetails> domainNamed(String name) {
        AccessScope scope = accounts.currentScope();
        String aLabel;
        try {
            aLabel = DomainName.parse(name).ascii();
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
        return domains.idOf(aLabel)
                .flatMap(domains::find)
                .filter(d -> scope.canSee(d.teamId()))
                .map(this::details);
    }

    /** Tags in use on the domains the user may see (at most 500), for the filter. */
    @PreAuthorize("isAuthenticated()")
    public List<String> tags() {
        return domains.tags(visible(accounts.currentScope()));
    }

    /** The teams whose domains the user sees. */
    @PreAuthorize("isAuthenticated()")
    public List<TeamRef> visibleTeams() {
        return accounts.teamsVisibleTo(accounts.currentScope());
    }

    /** The teams to which the user may add domains; the forms that change things start here. */
    @PreAuthorize(WRITERS)
    public List<TeamRef> writableTeams() {
        return accounts.teamsWritableBy(accounts.currentScope());
    }

    /** A page of the mail servers the user may see. */
    @PreAuthorize("isAuthenticated()")
    public PageOf<MailServerSummary> servers(Optional<String> text, int page) {
        return servers.list(text, visible(accounts.currentScope()), page, teamNames());
    }

    /** One mail server; another team's id is "not found". */
    @PreAuthorize("isAuthenticated()")
    public MailServerDetails server(long id) {
        AccessScope scope = accounts.currentScope();
        ServerStore.Row row = visibleServer(scope, id);
        return new MailServerDetails(
                row.id(),
                row.hostname(),
                row.teamId(),
                teamName(row.teamId()),
                row.discovered(),
                row.notes(),
                servers.addresses(id),
                servers.endpoints(id),
                servers.domains(id));
    }

    // ---------------------------------------------------------------- writes

    /**
     * Onboards one domain and runs its discovery at once (the domain is stored first, so that a
     * DNS failure never loses it). Publishes {@link DomainAdded} and {@link MailServersDiscovered}.
     */
    @PreAuthorize(WRITERS)
    public DomainDetails addDomain(AddDomain cmd) {
        AccessScope scope = accounts.currentScope();
        DomainName name = DomainRules.name("name", cmd.name());
        requireWritableTeam(scope, cmd.teamId());
        DomainStore.NewDomain row = new DomainStore.NewDomain(
                name,
                cmd.teamId(),
                DomainRules.tags(cmd.tags()),
                DomainRules.selectors(cmd.dkimSelectors()),
                DomainRules.interval(cmd.checkIntervalMinutes()),
                DomainRules.notes(cmd.notes()));
        String actor = CurrentUser.actorName();
        Long id = tx.execute(status -> {
            Long created = domains.insertAll(List.of(row), actor, DiscoveryStatus.PENDING)
                    .get(name.ascii());
            if (created != null) {
                events.publishEvent(new DomainAdded(created, name.ascii(), cmd.teamId(), actor));
            }
            return created;
        });
        if (id == null) {
            throw duplicate(scope, name, domains.existing(List.of(name.ascii())).get(name.ascii()));
        }
        log.info("Domain {} added to team {} by {}", name.ascii(), cmd.teamId(), actor);
        discoverer.discover(id);
        return details(domains.find(id).orElseThrow(() -> new InventoryNotFoundException("domain", id)));
    }

    /** Changes a domain's settings; publishes {@link DomainChanged}. */
    @PreAuthorize(WRITERS)
    public DomainDetails updateDomain(long id, UpdateDomain cmd) {
        AccessScope scope = accounts.currentScope();
        DomainStore.Row row = writableDomain(scope, id);
        requireWritableTeam(scope, cmd.teamId());
        UpdateDomain clean = new UpdateDomain(
                cmd.teamId(),
                DomainRules.tags(cmd.tags()),
                DomainRules.selectors(cmd.dkimSelectors()),
                DomainRules.interval(cmd.checkIntervalMinutes()),
                DomainRules.notes(cmd.notes()));
        String actor = CurrentUser.actorName();
        tx.executeWithoutResult(status -> {
            if (!domains.update(id, clean)) {
                throw new InventoryNotFoundException("domain", id);
            }
            events.publishEvent(new DomainChanged(id, row.aLabel(), clean.teamId(), actor));
        });
        log.info("Domain {} changed by {}", row.aLabel(), actor);
        return details(domains.find(id).orElseThrow(() -> new InventoryNotFoundException("domain", id)));
    }

    /** Removes a domain (its server rows stay; they may serve other domains); publishes {@link DomainRemoved}. */
    @PreAuthorize(WRITERS)
    public void removeDomain(long id) {
        AccessScope scope = accounts.currentScope();
        DomainStore.Row row = writableDomain(scope, id);
        String actor = CurrentUser.actorName();
        tx.executeWithoutResult(status -> {
            if (!domains.delete(id)) {
                throw new InventoryNotFoundException("domain", id);
            }
            events.publishEvent(new DomainRemoved(id, row.aLabel(), row.teamId(), actor));
        });
        log.info("Domain {} removed by {}", row.aLabel(), actor);
    }

    // ---------------------------------------------------------------- bulk: export, delete, re-tag

    /** Most domains one bulk delete or re-tag may select (a page of the list is 50). */
    public static final int MAX_BULK = 1_000;

    /**
     * Writes the domains the user may see that match {@code filter} (its page ignored) as a CSV in the bulk
     * import's format ({@link ImportParser}: {@code domain,team,tags,selectors}, the name in its U-label form,
     * tags and selectors separated by spaces), ordered by name: importing the file into an empty inventory
     * gives the same domains, teams, tags and DKIM selectors. Audited {@code domains.exported}, one entry per
     * team exported.
     *
     * @return the number of domains written
     */
    @PreAuthorize("isAuthenticated()")
    public long exportDomains(DomainQuery filter, Appendable out) throws java.io.IOException {
        AccessScope scope = accounts.currentScope();
        Map<Long, String> names = teamNames();
        dev.mailward.shared.Csv.writeRow(out, List.of("domain", "team", "tags", "selectors"));
        Map<Long, Integer> perTeam = new java.util.TreeMap<>();
        long count = 0;
        String after = "";
        while (true) {
            List<DomainStore.ExportRow> page = domains.exportPage(filter, visible(scope), after, EXPORT_PAGE);
            for (DomainStore.ExportRow r : page) {
                dev.mailward.shared.Csv.writeRow(
                        out,
                        List.of(
                                r.uLabel(),
                                names.getOrDefault(r.teamId(), "#" + r.teamId()),
                                String.join(" ", r.tags()),
                                String.join(" ", r.selectors())));
                perTeam.merge(r.teamId(), 1, Integer::sum);
            }
            count += page.size();
            if (page.size() < EXPORT_PAGE) {
                break;
            }
            after = page.getLast().aLabel();
        }
        String actor = CurrentUser.actorName();
        tx.executeWithoutResult(status -> {
            for (Map.Entry<Long, Integer> t : perTeam.entrySet()) {
                events.publishEvent(dev.mailward.shared.AuditableAction.forTeam(
                        actor, t.getKey(), "domains.exported", "team:" + t.getKey(), "domains=" + t.getValue()));
            }
        });
        log.info("{} domains exported by {}", count, actor);
        return count;
    }

    private static final int EXPORT_PAGE = 1_000;

    /**
     * What a bulk delete or re-tag of these domains would do, changing nothing: each domain with its tags
     * before and after ({@code addTags} added, then {@code removeTags} removed; both empty for a delete).
     * Every domain must be one the user may change; another team's is "not found".
     *
     * @throws InventoryValidationException (field {@code domainId}) for no domain or more than {@link #MAX_BULK};
     *     (field {@code tags}) for invalid tags or too many
     */
    @PreAuthorize(WRITERS)
    public List<BulkChange> previewBulk(List<Long> ids, List<String> addTags, List<String> removeTags) {
        AccessScope scope = accounts.currentScope();
        return bulk(scope, ids, addTags, removeTags);
    }

    /**
     * Removes these domains in one transaction; publishes {@link DomainRemoved} for each (audited
     * {@code domain.removed}) and {@code domains.bulk-removed} per team.
     *
     * @return the domains removed
     */
    @PreAuthorize(WRITERS)
    public List<BulkChange> removeDomains(List<Long> ids) {
        AccessScope scope = accounts.currentScope();
        List<BulkChange> changes = bulk(scope, ids, List.of(), List.of());
        Map<Long, Long> teams = teamsOf(changes);
        String actor = CurrentUser.actorName();
        tx.executeWithoutResult(status -> {
            for (BulkChange c : changes) {
                if (!domains.delete(c.id())) {
                    throw new InventoryNotFoundException("domain", c.id());
                }
                events.publishEvent(new DomainRemoved(c.id(), c.name(), teams.get(c.id()), actor));
            }
            auditPerTeam(actor, "domains.bulk-removed", changes, teams, "");
        });
        log.info("{} domains removed by {}", changes.size(), actor);
        return changes;
    }

    /**
     * Adds and removes tags on these domains in one transaction; publishes {@link DomainChanged} for each
     * domain whose tags change (audited {@code domain.changed}) and {@code domains.retagged} per team.
     *
     * @return every selected domain with its tags before and after
     */
    @PreAuthorize(WRITERS)
    public List<BulkChange> retagDomains(List<Long> ids, List<String> addTags, List<String> removeTags) {
        AccessScope scope = accounts.currentScope();
        List<BulkChange> changes = bulk(scope, ids, addTags, removeTags);
        Map<Long, Long> teams = teamsOf(changes);
        String actor = CurrentUser.actorName();
        String detail = " add=" + String.join(",", DomainRules.tags(addTags)) + " remove="
                + String.join(",", DomainRules.tags(removeTags));
        tx.executeWithoutResult(status -> {
            for (BulkChange c : changes) {
                if (c.changesTags()) {
                    domains.setTags(c.id(), c.tagsAfter());
                    events.publishEvent(new DomainChanged(c.id(), c.name(), teams.get(c.id()), actor));
                }
            }
            auditPerTeam(actor, "domains.retagged", changes, teams, detail);
        });
        log.info("{} domains re-tagged by {}:{}", changes.size(), actor, detail);
        return changes;
    }

    private List<BulkChange> bulk(AccessScope scope, List<Long> ids, List<String> addTags, List<String> removeTags) {
        List<Long> distinct = ids.stream().distinct().toList();
        if (distinct.isEmpty()) {
            throw new InventoryValidationException("domainId", "inventory.bulk.none", "no domain selected");
        }
        if (distinct.size() > MAX_BULK) {
            throw new InventoryValidationException(
                    "domainId",
                    "inventory.bulk.tooMany",
                    distinct.size() + " domains selected; at most " + MAX_BULK + " at once",
                    distinct.size(),
                    MAX_BULK);
        }
        List<String> add = DomainRules.tags(addTags);
        List<String> remove = DomainRules.tags(removeTags);
        List<BulkChange> out = new ArrayList<>();
        for (long id : distinct) {
            DomainStore.Row row = writableDomain(scope, id);
            java.util.TreeSet<String> after = new java.util.TreeSet<>(row.tags());
            after.addAll(add);
            after.removeAll(remove);
            List<String> tags = DomainRules.tags(List.copyOf(after));
            out.add(new BulkChange(
                    row.id(),
                    row.aLabel(),
                    row.uLabel(),
                    teamName(row.teamId()),
                    row.tags().stream().sorted().toList(),
                    tags));
        }
        out.sort(java.util.Comparator.comparing(BulkChange::name));
        return out;
    }

    private Map<Long, Long> teamsOf(List<BulkChange> changes) {
        Map<Long, Long> out = new HashMap<>();
        for (DomainStore.Row r :
                domains.listByIds(changes.stream().map(BulkChange::id).toList())) {
            out.put(r.id(), r.teamId());
        }
        return out;
    }

    /** At most 20 names for an audit entry's detail, then how many more. */
    private static String names(List<String> names) {
        if (names.size() <= 20) {
            return String.join(",", names);
        }
        return String.join(",", names.subList(0, 20)) + " and " + (names.size() - 20) + " more";
    }

    private void auditPerTeam(
            String actor, String action, List<BulkChange> changes, Map<Long, Long> teams, String detail) {
        Map<Long, List<String>> perTeam = new java.util.TreeMap<>();
        for (BulkChange c : changes) {
            perTeam.computeIfAbsent(teams.get(c.id()), k -> new ArrayList<>()).add(c.name());
        }
        for (Map.Entry<Long, List<String>> t : perTeam.entrySet()) {
            events.publishEvent(dev.mailward.shared.AuditableAction.forTeam(
                    actor,
                    t.getKey(),
                    action,
                    "team:" + t.getKey(),
                    "domains=" + t.getValue().size() + detail + " names=" + names(t.getValue())));
        }
    }

    /** Runs discovery again, now; publishes {@link DiscoveryRequested} and {@link MailServersDiscovered}. */
    @PreAuthorize(WRITERS)
    public DomainDetails rediscover(long id) {
        AccessScope scope = accounts.currentScope();
        DomainStore.Row row = writableDomain(scope, id);
        String actor = CurrentUser.actorName();
        tx.executeWithoutResult(
                status -> events.publishEvent(new DiscoveryRequested(id, row.aLabel(), row.teamId(), actor)));
        discoverer.discover(id);
        return details(domains.find(id).orElseThrow(() -> new InventoryNotFoundException("domain", id)));
    }

    /**
     * Imports many domains: a CSV with header {@code domain,team,tags,selectors} or one name per
     * line (UTF-8, at most {@link InventoryProperties#importMaxLines()} lines and
     * {@link InventoryProperties#importMaxSize()}). Every valid line is imported completely; every
     * invalid one (bad name, unknown team, duplicate within the file or of a stored domain) is
     * reported with its line number. Discovery of the imported domains runs in the background.
     *
     * @param defaultTeamId team of lines that name none
     * @throws InventoryValidationException (field {@code file}) when the file as a whole is refused
     */
    @PreAuthorize(WRITERS)
    public ImportReport importDomains(byte[] content, Optional<Long> defaultTeamId) {
        AccessScope scope = accounts.currentScope();
        long max = properties.importMaxSize().toBytes();
        if (content.length > max) {
            throw new InventoryValidationException(
                    "file",
                    "inventory.import.tooLarge",
                    "the file is " + content.length + " bytes; at most " + max + " are accepted",
                    content.length,
                    max);
        }
        String text;
        try {
            text = StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(content))
                    .toString();
        } catch (CharacterCodingException e) {
            throw new InventoryValidationException("file", "inventory.import.notUtf8", "the file is not UTF-8 text");
        }
        defaultTeamId.ifPresent(t -> requireWritableTeam(scope, t));
        ImportParser.Parsed parsed = ImportParser.parse(text, properties.importMaxLines());

        Map<String, TeamRef> visibleTeams = accounts.teamsVisibleTo(scope).stream()
                .collect(Collectors.toMap(t -> t.name().toLowerCase(Locale.ROOT), Function.identity(), (a, b) -> a));
        List<ImportReport.LineError> errors = new ArrayList<>(parsed.errors());
        LinkedHashMap<String, Candidate> valid = new LinkedHashMap<>();
        for (ImportParser.Line line : parsed.lines()) {
            try {
                DomainName name = DomainRules.name("domain", line.domain());
                long teamId = teamOf(scope, line, visibleTeams, defaultTeamId);
                DomainStore.NewDomain row = new DomainStore.NewDomain(
                        name,
                        teamId,
                        DomainRules.tags(DomainRules.split(line.tags())),
                        DomainRules.selectors(DomainRules.split(line.selectors())),
                        AddDomain.DEFAULT_INTERVAL,
                        "");
                Candidate earlier = valid.get(name.ascii());
                if (earlier != null) {
                    errors.add(error(
                            line,
                            name.unicode() + " is a duplicate of line "
                                    + earlier.line().number()));
                    continue;
                }
                valid.put(name.ascii(), new Candidate(line, row));
            } catch (InventoryValidationException e) {
                errors.add(error(line, e.getMessage()));
            }
        }
        Map<String, Long> existing = domains.existing(List.copyOf(valid.keySet()));
        for (Map.Entry<String, Long> a : existing.entrySet()) {
            Candidate c = valid.remove(a.getKey());
            errors.add(error(
                    c.line(), duplicate(scope, c.row().name(), a.getValue()).getMessage()));
        }
        String actor = CurrentUser.actorName();
        List<Candidate> todo = List.copyOf(valid.values());
        List<Long> imported = new ArrayList<>();
        Map<Long, Integer> perTeam = new java.util.TreeMap<>();
        for (int from = 0; from < todo.size(); from += IMPORT_BATCH) {
            List<Candidate> batch = todo.subList(from, Math.min(todo.size(), from + IMPORT_BATCH));
            Map<String, Long> ids = tx.execute(status -> {
                Map<String, Long> created =
                        domains.insertAll(batch.stream().map(Candidate::row).toList(), actor, DiscoveryStatus.PENDING);
                for (Candidate c : batch) {
                    Long id = created.get(c.row().name().ascii());
                    if (id != null) {
                        events.publishEvent(new DomainAdded(
                                id, c.row().name().ascii(), c.row().teamId(), actor));
                    }
                }
                return created;
            });
            for (Candidate c : batch) {
                Long id = ids == null ? null : ids.get(c.row().name().ascii());
                if (id == null) {
                    // another import or user added it between our check and our insert
                    Long holder = domains.existing(List.of(c.row().name().ascii()))
                            .get(c.row().name().ascii());
                    errors.add(error(
                            c.line(), duplicate(scope, c.row().name(), holder).getMessage()));
                } else {
                    imported.add(id);
                    perTeam.merge(c.row().teamId(), 1, Integer::sum);
                }
            }
        }
        errors.sort(java.util.Comparator.comparingInt(ImportReport.LineError::line));
        int rejected = errors.size();
        tx.executeWithoutResult(status ->
                events.publishEvent(new DomainsImported(actor, imported.size(), rejected, perTeam, defaultTeamId)));
        log.info("Bulk import by {}: {} domains imported, {} lines refused", actor, imported.size(), errors.size());
        background.submit(imported);
        return new ImportReport(imported.size(), imported, errors);
    }

    /** Adds a manual endpoint to a server. */
    @PreAuthorize(WRITERS)
    public MailServerDetails addEndpoint(long serverId, EndpointRole role, int port) {
        AccessScope scope = accounts.currentScope();
        ServerStore.Row server = writableServer(scope, serverId);
        if (role == null) {
            throw new InventoryValidationException("role", "inventory.endpoint.role", "choose a role");
        }
        if (port < 1 || port > 65_535) {
            throw new InventoryValidationException(
                    "port", "inventory.endpoint.port", "port " + port + " is outside 1..65535", port);
        }
        String actor = CurrentUser.actorName();
        tx.executeWithoutResult(status -> {
            if (!servers.addEndpoint(serverId, role, port, EndpointSource.MANUAL)) {
                throw new InventoryValidationException(
                        "port", "inventory.endpoint.exists", role + " on port " + port + " exists already", role, port);
            }
            events.publishEvent(new EndpointAdded(serverId, server.hostname(), server.teamId(), role, port, actor));
        });
        log.info("Endpoint {}:{} added to server {} by {}", role, port, serverId, actor);
        return server(serverId);
    }

    /** Removes an endpoint (manual or discovered; discovery adds a discovered one back). */
    @PreAuthorize(WRITERS)
    public MailServerDetails removeEndpoint(long serverId, EndpointRole role, int port) {
        AccessScope scope = accounts.currentScope();
        ServerStore.Row server = writableServer(scope, serverId);
        String actor = CurrentUser.actorName();
        tx.executeWithoutResult(status -> {
            if (!servers.removeEndpoint(serverId, role, port)) {
                throw new InventoryNotFoundException("endpoint", serverId);
            }
            events.publishEvent(new EndpointRemoved(serverId, server.hostname(), server.teamId(), role, port, actor));
        });
        log.info("Endpoint {}:{} removed from server {} by {}", role, port, serverId, actor);
        return server(serverId);
    }

    // ---------------------------------------------------------------- helpers

    private record Candidate(ImportParser.Line line, DomainStore.NewDomain row) {}

    /**
     * A domain is in the inventory already. Whether another team manages a domain is the user's
     * business, but not which team: a team the user cannot see is not named (admins see every team).
     */
    private InventoryValidationException duplicate(AccessScope scope, DomainName name, Long holderTeamId) {
        if (holderTeamId != null && !scope.canSee(holderTeamId)) {
            return new InventoryValidationException(
                    "name",
                    "inventory.domain.heldByOtherTeam",
                    name.unicode() + " is managed by another team in Mailward; an administrator can move it to yours",
                    name.unicode());
        }
        if (holderTeamId == null) {
            // removed again since: still, this add did not happen
            return new InventoryValidationException(
                    "name", "inventory.domain.exists", name.unicode() + " is already in the inventory", name.unicode());
        }
        String team = teamName(holderTeamId);
        return new InventoryValidationException(
                "name",
                "inventory.domain.duplicate",
                name.unicode() + " is already in the inventory, in team " + team,
                name.unicode(),
                team);
    }

    private static ImportReport.LineError error(ImportParser.Line line, String reason) {
        return new ImportReport.LineError(
                line.number(), DomainRules.abbreviate(line.input().strip()), reason);
    }

    private long teamOf(
            AccessScope scope, ImportParser.Line line, Map<String, TeamRef> teams, Optional<Long> defaultTeamId) {
        if (line.team().isEmpty()) {
            return defaultTeamId.orElseThrow(() -> new InventoryValidationException(
                    "team", "inventory.import.noTeam", "no team given and no default team chosen"));
        }
        TeamRef team = teams.get(line.team().get().toLowerCase(Locale.ROOT));
        if (team == null) {
            throw new InventoryValidationException(
                    "team",
                    "inventory.team.unknown",
                    "unknown team '" + DomainRules.abbreviate(line.team().get()) + "'");
        }
        if (!scope.canWrite(team.id())) {
            throw new InventoryValidationException(
                    "team", "inventory.team.readOnly", "you may not add domains to team '" + team.name() + "'");
        }
        return team.id();
    }

    private void requireWritableTeam(AccessScope scope, long teamId) {
        if (!scope.canSee(teamId) || accounts.team(teamId).isEmpty()) {
            throw new InventoryValidationException(
                    "teamId", "inventory.team.unknown", "unknown team " + teamId, teamId);
        }
        if (!scope.canWrite(teamId)) {
            throw new AccessDeniedException("role " + scope.role() + " may not change team " + teamId);
        }
    }

    private static Long[] visible(AccessScope scope) {
        return scope.isAdmin() ? null : scope.teamIds().toArray(Long[]::new);
    }

    private DomainStore.Row visibleDomain(AccessScope scope, long id) {
        return domains.find(id)
                .filter(d -> scope.canSee(d.teamId()))
                .orElseThrow(() -> new InventoryNotFoundException("domain", id));
    }

    private DomainStore.Row writableDomain(AccessScope scope, long id) {
        DomainStore.Row row = visibleDomain(scope, id);
        if (!scope.canWrite(row.teamId())) {
            throw new AccessDeniedException("role " + scope.role() + " may not change domain " + id);
        }
        return row;
    }

    private ServerStore.Row visibleServer(AccessScope scope, long id) {
        return servers.find(id)
                .filter(s -> scope.canSee(s.teamId()))
                .orElseThrow(() -> new InventoryNotFoundException("server", id));
    }

    private ServerStore.Row writableServer(AccessScope scope, long id) {
        ServerStore.Row row = visibleServer(scope, id);
        if (!scope.canWrite(row.teamId())) {
            throw new AccessDeniedException("role " + scope.role() + " may not change server " + id);
        }
        return row;
    }

    private DomainDetails details(DomainStore.Row r) {
        return new DomainDetails(
                r.id(),
                r.aLabel(),
                r.uLabel(),
                r.teamId(),
                teamName(r.teamId()),
                r.tags(),
                r.selectors(),
                r.interval(),
                r.notes(),
                r.createdAt(),
                r.createdBy(),
                r.status(),
                r.discoveredAt(),
                r.discoveryMessage(),
                r.nullMx(),
                servers.servedBy(r.id()));
    }

    private Map<Long, String> teamNames() {
        Map<Long, String> names = new HashMap<>();
        for (TeamRef t : accounts.teams()) {
            names.put(t.id(), t.name());
        }
        return names;
    }

    private String teamName(long teamId) {
        return accounts.team(teamId).map(TeamRef::name).orElse("#" + teamId);
    }
}
