package dev.mailward.dashboard;

import dev.mailward.accounts.AccessScope;
import dev.mailward.accounts.Accounts;
import dev.mailward.accounts.CurrentUser;
import dev.mailward.accounts.TeamRef;
import dev.mailward.checks.Mitigation;
import dev.mailward.checks.Status;
import dev.mailward.inventory.DomainDetails;
import dev.mailward.inventory.InventoryService;
import dev.mailward.inventory.PageOf;
import dev.mailward.mitigations.CatalogueEntry;
import dev.mailward.mitigations.DomainAssessment;
import dev.mailward.mitigations.MitigationCatalogue;
import dev.mailward.mitigations.MitigationStatus;
import dev.mailward.results.Results;
import dev.mailward.results.StoredResult;
import dev.mailward.scanning.ScanQueries;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.function.LongFunction;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Service;

/**
 * The dashboards' reads, each scoped to the signed-in user's teams (admins see every team). Domain
 * pages go through {@link InventoryService#domain(long)}, so another team's domain is "not found".
 */
@Service
public class DashboardQueries {

    /** Rows per page of the mitigation and certificate lists. */
    public static final int PAGE_SIZE = 50;

    private static final int TIMELINE_LIMIT = 500;

    private final DashboardStore store;
    private final Results results;
    private final ScanQueries scans;
    private final Accounts accounts;
    private final InventoryService inventory;
    private final MitigationCatalogue catalogue;
    private final ScoreRefresher refresher;
    private final DashboardProperties properties;
    private final SummaryCache cache;

    DashboardQueries(
            DashboardStore store,
            Results results,
            ScanQueries scans,
            Accounts accounts,
            InventoryService inventory,
            MitigationCatalogue catalogue,
            ScoreRefresher refresher,
            DashboardProperties properties,
            SummaryCache cache) {
        this.cache = cache;
        this.store = store;
        this.results = results;
        this.scans = scans;
        this.accounts = accounts;
        this.inventory = inventory;
        this.catalogue = catalogue;
        this.refresher = refresher;
        this.properties = properties;
    }

    private static DashboardStore.Scope scope(Optional<Long> team, Optional<String> tag) {
        AccessScope user = CurrentUser.scope();
        Long[] teams = user.isAdmin() ? null : user.teamIds().stream().sorted().toArray(Long[]::new);
        return new DashboardStore.Scope(teams, team, tag);
    }

    /**
     * The portfolio of the user's domains narrowed by {@code filter}. The fleet figures and the matrix's total
     * come from the {@link SummaryCache}; only the page of 50 rows is read for every request.
     */
    @PreAuthorize("isAuthenticated()")
    public Portfolio portfolio(PortfolioFilter filter) {
        DashboardStore.Scope scope = scope(filter.teamId(), filter.tag());
        List<Object> key = List.of(
                scope.teams() == null ? List.of() : List.of(scope.teams()),
                scope.team().orElse(-1L),
                scope.tag().orElse(""));
        Fleet fleet = cache.get(key, () -> fleet(scope));
        String pattern = StatusLetters.pattern(filter.status(), filter.mitigation());
        long total = pattern.isEmpty()
                ? fleet.domains()
                : cache.<Long>get(List.of(key, pattern), () -> store.count(scope, pattern));
        int offset = filter.page() * PortfolioFilter.PAGE_SIZE;
        List<Portfolio.Row> rows =
                store.matrix(scope, pattern, filter.sort(), offset, PortfolioFilter.PAGE_SIZE, teamNames());
        if (rows.isEmpty() && offset > 0) {
            total = store.count(scope, pattern); // past the end: the cached total may be behind a removal
        }
        return new Portfolio(
                fleet.domains(),
                fleet.scored(),
                fleet.average(),
                fleet.histogram(),
                fleet.compliance(),
                new PageOf<>(rows, filter.page(), PortfolioFilter.PAGE_SIZE, total),
                fleet.trend());
    }

    /**
     * The tags in use on the user's domains, for the portfolio's filter: {@link InventoryService#tags()} reads
     * every domain's tags, so it is kept with the fleet figures of the user's teams.
     */
    @PreAuthorize("isAuthenticated()")
    public List<String> tags() {
        DashboardStore.Scope scope = scope(Optional.empty(), Optional.empty());
        return cache.get(List.of("tags", scope.teams() == null ? List.of() : List.of(scope.teams())), inventory::tags);
    }

    /** The fleet-wide figures of one scope: everything of the portfolio but the matrix page. */
    private record Fleet(
            long domains,
            long scored,
            OptionalDouble average,
            List<Integer> histogram,
            List<Portfolio.Compliance> compliance,
            List<Portfolio.TrendPoint> trend) {}

    private Fleet fleet(DashboardStore.Scope scope) {
        int[] histogram = new int[10];
        int[][] counts = new int[Mitigation.values().length][MitigationStatus.values().length];
        long[] totals = {0, 0, 0};
        store.eachScore(scope, (score, letters) -> {
            totals[0]++;
            if (score != null) {
                totals[1]++;
                totals[2] += score;
                histogram[Math.min(9, score / 10)]++;
            }
            List<MitigationStatus> statuses = StatusLetters.decode(letters);
            for (int i = 0; i < statuses.size(); i++) {
                counts[i][statuses.get(i).ordinal()]++;
            }
        });
        List<Portfolio.Compliance> compliance = new ArrayList<>();
        for (Mitigation m : Mitigation.values()) {
            Map<MitigationStatus, Integer> c = new EnumMap<>(MitigationStatus.class);
            for (MitigationStatus s : MitigationStatus.values()) {
                c.put(s, counts[m.ordinal()][s.ordinal()]);
            }
            compliance.add(new Portfolio.Compliance(m, c, (int) totals[0]));
        }
        return new Fleet(
                totals[0],
                totals[1],
                totals[1] == 0 ? OptionalDouble.empty() : OptionalDouble.of((double) totals[2] / totals[1]),
                Arrays.stream(histogram).boxed().toList(),
                compliance,
                store.trend(scope, today().minusDays(properties.trendDays())));
    }

    /** One domain's dashboard, computed from its current results. */
    @PreAuthorize("isAuthenticated()")
    public DomainDashboard domain(long domainId) {
        DomainDetails domain = inventory.domain(domainId);
        List<StoredResult> current = results.currentResults(domainId);
        Instant now = Instant.now();
        var assessment = refresher.assess(current, refresher.exceptions(domainId), now);
        List<DomainDashboard.Change> changes =
                results.changesOf(domainId, now.minus(Duration.ofDays(properties.trendDays())), TIMELINE_LIMIT).stream()
                        .map(c -> new DomainDashboard.Change(
                                c.detectedAt(), c.check(), c.target(), c.direction(), c.from(), c.to()))
                        .toList();
        Map<LocalDate, List<DomainDashboard.Change>> byDay = new LinkedHashMap<>();
        for (DomainDashboard.Change c : changes) {
            byDay.computeIfAbsent(LocalDate.ofInstant(c.at(), ZoneOffset.UTC), d -> new ArrayList<>())
                    .add(c);
        }
        List<DomainDashboard.Day> timeline = byDay.entrySet().stream()
                .map(e -> new DomainDashboard.Day(e.getKey(), e.getValue()))
                .toList();
        return new DomainDashboard(
                domain,
                assessment,
                !current.isEmpty(),
                results.lastScan(domainId),
                scans.nextScan(domainId),
                timeline,
                store.domainTrend(domainId, today().minusDays(properties.trendDays())),
                fixFirst(domain, assessment, FixFirst.TOP));
    }

    /**
     * One domain's "fix this first" list: its first {@link FixFirst#TOP} problems, from its current results
     * and exceptions as they are now (not the read model, which follows a moment later), each with the
     * number of the user's domains sharing its cause (from the read model). Empty before the domain's first
     * results.
     */
    @PreAuthorize("isAuthenticated()")
    public Optional<FixFirst> domainFixFirst(long domainId) {
        DomainDetails domain = inventory.domain(domainId);
        List<StoredResult> current = results.currentResults(domainId);
        if (current.isEmpty()) {
            return Optional.empty();
        }
        var assessment = refresher.assess(current, refresher.exceptions(domainId), Instant.now());
        return Optional.of(fixFirst(domain, assessment, FixFirst.TOP));
    }

    private FixFirst fixFirst(DomainDetails domain, DomainAssessment assessment, int limit) {
        Map<Long, Long> shared = store.sharedCauses(scope(Optional.empty(), Optional.empty()), domain.id());
        List<FixFirst.DomainRef> self = List.of(new FixFirst.DomainRef(domain.id(), domain.displayName()));
        List<FixFirst.Item> items = new ArrayList<>();
        for (DashboardStore.Problem p : ScoreRefresher.problems(assessment, catalogue.weights())) {
            Mitigation m = Mitigation.fromId(p.mitigation());
            long domains = Math.max(1, shared.getOrDefault(p.cause().hash(), 1L));
            items.add(new FixFirst.Item(
                    p.check(), p.target(), p.code(), p.status(), m, p.message(), p.weight(), domains, self));
        }
        items.sort(FixFirst.ORDER);
        return new FixFirst(items.subList(0, Math.min(limit, items.size())), items.size());
    }

    /**
     * The fleet's "fix this first" list: page {@code page} of {@code size} causes over the user's domains
     * narrowed by team and tag. The first page of the portfolio's bound is kept with the fleet figures.
     */
    @PreAuthorize("isAuthenticated()")
    public FixFirst fixFirst(Optional<Long> team, Optional<String> tag, int page, int size) {
        DashboardStore.Scope scope = scope(team, tag);
        int p = Math.max(0, Math.min(page, 100_000));
        int n = Math.max(1, Math.min(size, PAGE_SIZE));
        if (p > 0 || n != FixFirst.TOP) {
            return store.fixFirst(scope, p * n, n, FixFirst.DOMAINS_SHOWN);
        }
        List<Object> key = List.of(
                "fix-first",
                scope.teams() == null ? List.of() : List.of(scope.teams()),
                scope.team().orElse(-1L),
                scope.tag().orElse(""));
        return cache.get(key, () -> store.fixFirst(scope, 0, FixFirst.TOP, FixFirst.DOMAINS_SHOWN));
    }

    /**
     * One mitigation across the user's domains: counts per status and a page of the failing, erring and
     * warning domains.
     */
    @PreAuthorize("isAuthenticated()")
    public Optional<MitigationDomains> mitigation(String id, int page) {
        Optional<CatalogueEntry> entry = catalogue.byId(id);
        if (entry.isEmpty()) {
            return Optional.empty();
        }
        Mitigation m = entry.get().mitigation();
        DashboardStore.Scope scope = scope(Optional.empty(), Optional.empty());
        Map<MitigationStatus, Integer> counts = new EnumMap<>(MitigationStatus.class);
        store.eachStatusOf(scope, m, (s, n) -> counts.merge(s, n, Integer::sum));
        int p = Math.max(0, Math.min(page, 100_000));
        long total = counts.getOrDefault(MitigationStatus.FAIL, 0)
                + counts.getOrDefault(MitigationStatus.ERROR, 0)
                + counts.getOrDefault(MitigationStatus.WARN, 0);
        List<MitigationDomains.Row> rows = store.notPassing(scope, m, p * PAGE_SIZE, PAGE_SIZE, teamNames());
        return Optional.of(new MitigationDomains(entry.get(), counts, new PageOf<>(rows, p, PAGE_SIZE, total)));
    }

    /** Endpoints listed per certificate on the certificates page. */
    static final int ENDPOINTS_PER_CERTIFICATE = 20;

    /**
     * Every server certificate seen in the user's domains' current results, one per SHA-256, soonest
     * expiry first, with the endpoints that present it and their certificate check's verdicts.
     */
    @PreAuthorize("isAuthenticated()")
    public PageOf<CertificateRow> certificates(int page) {
        DashboardStore.Scope scope = scope(Optional.empty(), Optional.empty());
        int p = Math.max(0, Math.min(page, 100_000));
        Instant now = Instant.now();
        Map<String, List<DashboardStore.PresentedCertificate>> bySha = new LinkedHashMap<>();
        for (DashboardStore.PresentedCertificate c :
                store.certificates(scope, p * PAGE_SIZE, PAGE_SIZE, ENDPOINTS_PER_CERTIFICATE)) {
            bySha.computeIfAbsent(c.sha256(), k -> new ArrayList<>()).add(c);
        }
        List<CertificateRow> rows =
                bySha.values().stream().map(l -> certificate(l, now)).toList();
        return new PageOf<>(rows, p, PAGE_SIZE, store.certificateCount(scope));
    }

    /** The mitigations in catalogue order with their titles and weights. */
    public List<CatalogueEntry> mitigations() {
        return catalogue.entries();
    }

    /**
     * Team names by id, from the accounts facade's cached list; a team created on another instance since
     * the list was read is looked up once.
     */
    private LongFunction<String> teamNames() {
        Map<Long, String> names = new HashMap<>();
        for (TeamRef t : accounts.teams()) {
            names.put(t.id(), t.name());
        }
        return id -> names.computeIfAbsent(
                id, k -> accounts.team(k).map(TeamRef::name).orElse("#" + k));
    }

    private static CertificateRow certificate(List<DashboardStore.PresentedCertificate> presented, Instant now) {
        DashboardStore.PresentedCertificate first = presented.getFirst();
        List<CertificateRow.Presenter> endpoints = new ArrayList<>();
        Status worst = Status.NOT_APPLICABLE;
        for (DashboardStore.PresentedCertificate c : presented) {
            Status status = c.status().map(DashboardQueries::status).orElse(Status.ERROR);
            worst = worst.worse(status);
            endpoints.add(
                    new CertificateRow.Presenter(c.domainId(), c.domain(), c.target(), status, verdicts(c.verdicts())));
        }
        return new CertificateRow(
                first.sha256(),
                first.subject(),
                first.issuer(),
                first.notAfter(),
                Math.floorDiv(Duration.between(now, first.notAfter()).toSeconds(), 86_400),
                worst,
                endpoints,
                first.endpoints());
    }

    /** The certificate check's codes on name, chain and expiry, and the aspect each judges. */
    private static final Map<String, String> ASPECTS = Map.ofEntries(
            Map.entry("CERT_NAME_OK", "name"),
            Map.entry("CERT_NAME_MISMATCH", "name"),
            Map.entry("CERT_CHAIN_OK", "chain"),
            Map.entry("CERT_SELF_SIGNED", "chain"),
            Map.entry("CERT_UNKNOWN_CA", "chain"),
            Map.entry("CERT_CHAIN_INCOMPLETE", "chain"),
            Map.entry("CERT_CHAIN_UNTRUSTED_INFO", "chain"),
            Map.entry("CERT_CHAIN_UNTRUSTED", "chain"),
            Map.entry("CERT_VALIDITY_OK", "expiry"),
            Map.entry("CERT_EXPIRES_SOON", "expiry"),
            Map.entry("CERT_EXPIRY_CRITICAL", "expiry"),
            Map.entry("CERT_EXPIRED", "expiry"),
            Map.entry("CERT_NOT_YET_VALID", "expiry"));

    private static final List<String> ASPECT_ORDER = List.of("name", "chain", "expiry");

    /** {@code CODE=STATUS,...} of a certificate result as its name, chain and expiry verdicts. */
    static List<CertificateRow.Verdict> verdicts(String codes) {
        List<CertificateRow.Verdict> out = new ArrayList<>();
        for (String pair : codes.split(",")) {
            int eq = pair.indexOf('=');
            if (eq < 0) {
                continue;
            }
            String code = pair.substring(0, eq);
            String aspect = ASPECTS.get(code);
            if (aspect != null) {
                out.add(new CertificateRow.Verdict(aspect, code, status(pair.substring(eq + 1))));
            }
        }
        out.sort(Comparator.comparingInt(v -> ASPECT_ORDER.indexOf(v.aspect())));
        return out;
    }

    private static Status status(String name) {
        try {
            return Status.valueOf(name);
        } catch (IllegalArgumentException e) {
            return Status.ERROR;
        }
    }

    private static LocalDate today() {
        return LocalDate.now(ZoneOffset.UTC);
    }
}
