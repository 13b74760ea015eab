package dev.mailward.configaudit;

import dev.mailward.accounts.AccessScope;
import dev.mailward.accounts.Accounts;
import dev.mailward.accounts.CurrentUser;
import dev.mailward.checks.CheckResult;
import dev.mailward.checks.Finding;
import dev.mailward.inventory.DomainDetails;
import dev.mailward.inventory.EndpointRole;
import dev.mailward.inventory.InventoryNotFoundException;
import dev.mailward.inventory.InventoryService;
import dev.mailward.inventory.MailServerDetails;
import dev.mailward.inventory.PageOf;
import dev.mailward.shared.AuditableAction;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Uploaded configurations of mail servers: intake (cap, redact, audit, store as the next
 * version, publish an audit entry), reads (latest, a version, history, diff, per-domain summary)
 * and the correlation of the latest upload with outside observations.
 *
 * <p>Reads follow the inventory's scoping: a server of another team is "not found"
 * ({@link InventoryNotFoundException}). Uploads need {@code ADMIN} or {@code OPERATOR} of the
 * server's team. Secrets are removed with {@link Redactor} before anything is stored or audited;
 * an upload refused for size or content stores nothing ({@link ConfigRefusedException}).
 */
@Service
public class ServerConfigService {

    /** Uploads listed per history page. */
    public static final int HISTORY_PAGE = 25;
    /** Correlation source of the observations the inventory has (announced endpoints). */
    public static final String SOURCE_INVENTORY = "inventory";
    /** Correlation source of probe observations (the scanning module). */
    public static final String SOURCE_PROBE = "probe";

    private static final Logger log = LoggerFactory.getLogger(ServerConfigService.class);
    private static final String WRITERS = "hasAnyRole('ADMIN','OPERATOR')";
    private static final Set<EndpointRole> SMTP_ROLES =
            Set.of(EndpointRole.MX, EndpointRole.SUBMISSION, EndpointRole.SUBMISSIONS);

    private final UploadStore store;
    private final InventoryService inventory;
    private final Accounts accounts;
    private final TransactionTemplate tx;
    private final ApplicationEventPublisher events;
    private final Clock clock;

    ServerConfigService(
            UploadStore store,
            InventoryService inventory,
            Accounts accounts,
            TransactionTemplate tx,
            ApplicationEventPublisher events) {
        this.store = store;
        this.inventory = inventory;
        this.accounts = accounts;
        this.tx = tx;
        this.events = events;
        this.clock = Clock.systemUTC();
    }

    // ---------------------------------------------------------------- intake

    /**
     * Decodes an uploaded file as UTF-8, refusing it (naming the file and its size) when it is
     * larger than {@link ConfigBundle#MAX_CHARS} bytes or not UTF-8 text.
     */
    public static String decode(ConfigFile file, byte[] content) {
        if (content.length > ConfigBundle.MAX_CHARS) {
            throw new ConfigRefusedException(
                    Optional.of(file),
                    "serverconfig.refused.tooManyBytes",
                    file.part() + " is " + content.length + " bytes (limit " + ConfigBundle.MAX_CHARS
                            + "); nothing was stored",
                    true,
                    file.part(),
                    content.length,
                    ConfigBundle.MAX_CHARS);
        }
        try {
            return StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(content))
                    .toString();
        } catch (CharacterCodingException e) {
            throw new ConfigRefusedException(
                    Optional.of(file),
                    "serverconfig.refused.notUtf8",
                    file.part() + " is not UTF-8 text; nothing was stored",
                    false,
                    file.part());
        }
    }

    /**
     * Stores an upload as the server's next version, after refusing oversized or binary files
     * and redacting secrets; audits it, correlates it with the endpoints the inventory knows and
     * publishes {@code server.config.uploaded}.
     *
     * @param sourceAddress the uploader's client address, when known
     * @throws ConfigRefusedException when a file (named in the exception) is refused; nothing is stored
     */
    @PreAuthorize(WRITERS)
    public ConfigUpload upload(long serverId, UploadConfig cmd, Optional<String> sourceAddress) {
        MailServerDetails server = inventory.server(serverId);
        AccessScope scope = accounts.currentScope();
        if (!scope.canWrite(server.teamId())) {
            throw new AccessDeniedException(
                    "role " + scope.role() + " may not upload configurations of server " + serverId);
        }
        if (cmd.texts().isEmpty()) {
            throw new ConfigRefusedException(
                    Optional.empty(),
                    "serverconfig.refused.empty",
                    "no configuration text: send at least one of postconf, master, doveconf, rspamd",
                    false);
        }
        cmd.texts().forEach(ServerConfigService::requireAcceptable);

        Map<ConfigFile, String> redacted = new EnumMap<>(ConfigFile.class);
        List<RedactedKey> redactions = new ArrayList<>();
        UploadRedaction.redact(cmd.texts()).forEach((file, r) -> {
            redacted.put(file, r.text());
            r.redactions().forEach(x -> redactions.add(new RedactedKey(file, x.line(), x.key())));
        });
        CheckResult audit = ConfigAudit.audit(ConfigBundle.of(
                server.hostname(),
                redacted.get(ConfigFile.POSTCONF),
                redacted.get(ConfigFile.MASTER),
                redacted.get(ConfigFile.DOVECONF),
                redacted.get(ConfigFile.RSPAMD)));
        String hash = sha256(redacted);
        Observations seen = inventoryObservations(server);
        String actor = CurrentUser.actorName();
        Instant now = clock.instant();
        UploadStore.Row row = tx.execute(status -> {
            UploadStore.Row stored = store.insert(new UploadStore.NewUpload(
                    serverId,
                    hash,
                    actor,
                    now,
                    sourceAddress.orElse(null),
                    redacted,
                    ResultJson.writeRedactions(redactions),
                    audit.status(),
                    ResultJson.write(audit)));
            if (!seen.equals(Observations.none())) {
                List<Finding> contradictions = ConfigCorrelation.correlate(audit, seen);
                store.insertCorrelation(
                        stored.id(),
                        SOURCE_INVENTORY,
                        now,
                        ResultJson.writeObservations(seen),
                        ResultJson.writeFindings(contradictions));
            }
            events.publishEvent(new AuditableAction(
                    actor,
                    sourceAddress.orElse(null),
                    "server.config.uploaded",
                    "server:" + server.hostname(),
                    "version=" + stored.summary().version() + " sha256=" + hash
                            + " files="
                            + String.join(
                                    ",",
                                    redacted.keySet().stream()
                                            .map(ConfigFile::part)
                                            .toList())
                            + " redacted=" + redactions.size() + " status=" + audit.status(),
                    server.teamId()));
            return stored;
        });
        log.info(
                "Configuration version {} of server {} uploaded by {} ({} secrets redacted, status {})",
                row.summary().version(),
                server.hostname(),
                actor,
                redactions.size(),
                audit.status());
        return view(row);
    }

    /**
     * Compares the latest upload of a server with outside observations and stores the result;
     * the hook for the scanning module, which calls it after probing the server (no user needed).
     *
     * @return the latest upload with the new correlation, empty when the server has no upload
     */
    public Optional<ConfigUpload> correlate(long serverId, Observations seen) {
        return correlate(serverId, seen, SOURCE_PROBE);
    }

    /** As {@link #correlate(long, Observations)}, naming where the observations came from. */
    public Optional<ConfigUpload> correlate(long serverId, Observations seen, String source) {
        Optional<UploadStore.Row> latest = store.latest(serverId);
        latest.ifPresent(row -> {
            CheckResult audit = ResultJson.read(row.auditJson());
            List<Finding> contradictions = ConfigCorrelation.correlate(audit, seen);
            store.insertCorrelation(
                    row.id(),
                    source,
                    clock.instant(),
                    ResultJson.writeObservations(seen),
                    ResultJson.writeFindings(contradictions));
            log.debug(
                    "Configuration of server {} correlated with {} observations: {} contradictions",
                    serverId,
                    source,
                    contradictions.size());
        });
        return latest.flatMap(row -> store.byId(row.id())).map(this::view);
    }

    /**
     * The DKIM selectors the server's latest Rspamd configuration names for {@code domain} in its
     * {@code dkim_signing.domain} entry; none without an upload, without such an entry, or when the
     * selectors come from a map or Redis. The module-wide selector is left out: Rspamd uses it only
     * when a key file for the domain exists, which the upload cannot show, so querying it as a
     * configured selector would report a missing key for every domain the server does not sign.
     * For the scanning module (no user needed), which queries them so that the correlation sees
     * their keys.
     */
    public List<String> dkimSelectors(long serverId, String domain) {
        Map<String, Object> facts =
                store.latestFacts(serverId).map(ResultJson::readMap).orElse(Map.of());
        if (Boolean.TRUE.equals(facts.get("dkimSelectorsExternal"))
                || !(facts.get("dkimDomainSelectors") instanceof Map<?, ?> byDomain)
                || !(byDomain.get(domain.toLowerCase(java.util.Locale.ROOT)) instanceof List<?> selectors)) {
            return List.of();
        }
        return selectors.stream().map(String::valueOf).toList();
    }

    // ---------------------------------------------------------------- reads

    /** The configuration page: the latest upload (or {@code version}), and a page of the history. */
    @PreAuthorize("isAuthenticated()")
    public ConfigOverview overview(long serverId, Optional<Integer> version, int historyPage) {
        MailServerDetails server = inventory.server(serverId);
        Optional<UploadStore.Row> latest = store.latest(serverId);
        Optional<UploadStore.Row> shown = version.isPresent()
                ? Optional.of(store.version(serverId, version.get())
                        .orElseThrow(() -> new InventoryNotFoundException("configuration version", version.get())))
                : latest;
        int page = Math.max(0, historyPage);
        PageOf<ConfigUploadSummary> history = new PageOf<>(
                store.history(serverId, HISTORY_PAGE, page * HISTORY_PAGE), page, HISTORY_PAGE, store.count(serverId));
        return new ConfigOverview(
                serverId,
                server.hostname(),
                server.teamName(),
                shown.map(this::view),
                latest.map(r -> r.summary().version()).orElse(0),
                history);
    }

    /** The latest upload of a server, empty before the first. */
    @PreAuthorize("isAuthenticated()")
    public Optional<ConfigUpload> latest(long serverId) {
        inventory.server(serverId);
        return store.latest(serverId).map(this::view);
    }

    /** One version of a server's uploads. */
    @PreAuthorize("isAuthenticated()")
    public ConfigUpload version(long serverId, int version) {
        inventory.server(serverId);
        return store.version(serverId, version)
                .map(this::view)
                .orElseThrow(() -> new InventoryNotFoundException("configuration version", version));
    }

    /** A page of a server's uploads, newest first. */
    @PreAuthorize("isAuthenticated()")
    public PageOf<ConfigUploadSummary> history(long serverId, int page) {
        inventory.server(serverId);
        int p = Math.max(0, page);
        return new PageOf<>(
                store.history(serverId, HISTORY_PAGE, p * HISTORY_PAGE), p, HISTORY_PAGE, store.count(serverId));
    }

    /** The line diff of {@code version} against the version before it (everything added for version 1). */
    @PreAuthorize("isAuthenticated()")
    public ConfigDiff diff(long serverId, int version) {
        inventory.server(serverId);
        UploadStore.Row to = store.version(serverId, version)
                .orElseThrow(() -> new InventoryNotFoundException("configuration version", version));
        Optional<UploadStore.Row> from = store.previous(serverId, version);
        Map<ConfigFile, String> before = from.map(UploadStore.Row::files).orElse(Map.of());
        List<ConfigDiff.FileDiff> files = new ArrayList<>();
        for (ConfigFile f : ConfigFile.values()) {
            if (before.containsKey(f) || to.files().containsKey(f)) {
                files.add(
                        LineDiff.diff(f, lines(before.get(f)), lines(to.files().get(f))));
            }
        }
        return new ConfigDiff(serverId, from.map(r -> r.summary().version()).orElse(0), version, files);
    }

    /** The mail servers of a domain with their latest upload, in the domain's order. */
    @PreAuthorize("isAuthenticated()")
    public List<ServerConfigSummary> forDomain(long domainId) {
        DomainDetails domain = inventory.domain(domainId);
        Map<Long, String> servers = new java.util.LinkedHashMap<>();
        for (DomainDetails.ServedBy s : domain.mailServers()) {
            servers.putIfAbsent(s.serverId(), s.hostname());
        }
        Map<Long, ConfigUploadSummary> latest = store.latestOf(List.copyOf(servers.keySet()));
        List<ServerConfigSummary> out = new ArrayList<>();
        servers.forEach((id, host) -> out.add(new ServerConfigSummary(id, host, Optional.ofNullable(latest.get(id)))));
        return out;
    }

    // ---------------------------------------------------------------- helpers

    /**
     * The hash stored with an upload: SHA-256 over, for each file present in {@link ConfigFile}
     * order, {@code <part>:<UTF-8 byte length>\n} followed by the redacted text's UTF-8 bytes.
     */
    public static String sha256(Map<ConfigFile, String> redacted) {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            for (ConfigFile f : ConfigFile.values()) {
                String text = redacted.get(f);
                if (text != null) {
                    byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
                    md.update((f.part() + ":" + bytes.length + "\n").getBytes(StandardCharsets.US_ASCII));
                    md.update(bytes);
                }
            }
            return HexFormat.of().formatHex(md.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }

    private static void requireAcceptable(ConfigFile file, String text) {
        String name = file.part();
        if (text.length() > ConfigBundle.MAX_CHARS) {
            throw new ConfigRefusedException(
                    Optional.of(file),
                    "serverconfig.refused.tooLarge",
                    name + " is " + text.length() + " characters (limit " + ConfigBundle.MAX_CHARS
                            + "); nothing was stored",
                    true,
                    name,
                    text.length(),
                    ConfigBundle.MAX_CHARS);
        }
        int lines = ConfigBundle.lineCount(text);
        if (lines > ConfigBundle.MAX_LINES) {
            throw new ConfigRefusedException(
                    Optional.of(file),
                    "serverconfig.refused.tooManyLines",
                    name + " has " + lines + " lines (limit " + ConfigBundle.MAX_LINES + "); nothing was stored",
                    true,
                    name,
                    lines,
                    ConfigBundle.MAX_LINES);
        }
        ConfigBundle.refusal(name, text).ifPresent(reason -> {
            throw new ConfigRefusedException(
                    Optional.of(file),
                    "serverconfig.refused.binary",
                    reason + "; nothing was stored",
                    false,
                    name,
                    reason);
        });
    }

    /** What the inventory knows from outside: the SMTP ports its MX/SRV records and operators announce. */
    private static Observations inventoryObservations(MailServerDetails server) {
        Set<Integer> ports = new LinkedHashSet<>();
        server.endpoints().stream().filter(e -> SMTP_ROLES.contains(e.role())).forEach(e -> ports.add(e.port()));
        return ports.isEmpty() ? Observations.none() : Observations.none().withOpenPorts(ports);
    }

    private static List<String> lines(String text) {
        if (text == null || text.isEmpty()) {
            return List.of();
        }
        List<String> out = new ArrayList<>(text.lines().toList());
        return out;
    }

    private ConfigUpload view(UploadStore.Row row) {
        CheckResult audit = ResultJson.read(row.auditJson());
        List<ConfigFinding> findings = new ArrayList<>(ResultJson.auditFindings(audit));
        Optional<ConfigUpload.Correlation> correlation = store.latestCorrelation(row.id())
                .map(c -> new ConfigUpload.Correlation(
                        c.source(),
                        c.observedAt(),
                        ResultJson.readFindings(c.findingsJson()).stream()
                                .map(ResultJson::plain)
                                .toList()));
        correlation.ifPresent(c -> findings.addAll(c.findings()));
        return new ConfigUpload(
                row.summary(),
                row.sourceAddress(),
                row.files(),
                ResultJson.readRedactions(row.redactionsJson()),
                audit,
                findings,
                correlation);
    }
}
