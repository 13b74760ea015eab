package dev.mailward.dashboard.web;

import dev.mailward.checks.Mitigation;
import dev.mailward.dashboard.DashboardQueries;
import dev.mailward.dashboard.DomainDashboard;
import dev.mailward.dashboard.FixFirst;
import dev.mailward.dashboard.Portfolio;
import dev.mailward.dashboard.PortfolioFilter;
import dev.mailward.inventory.InventoryService;
import dev.mailward.inventory.PageOf;
import dev.mailward.mitigations.MitigationStatus;
import dev.mailward.reportintake.ReportIntake;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.MessageSource;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.servlet.support.ServletUriComponentsBuilder;
import tools.jackson.databind.json.JsonMapper;

/**
 * The dashboards: portfolio, one domain, one mitigation, certificates. Read-only, for every role; the
 * facade scopes every read to the user's teams. Chart data travels in {@code data-chart} attributes
 * (JSON), drawn by {@code /js/dashboard.js}: the Content-Security-Policy allows no inline script.
 */
@Controller
class DashboardController {

    static final String PORTFOLIO = "dashboard/portfolio";
    static final String DOMAIN = "dashboard/domain";
    static final String MITIGATION = "dashboard/mitigation";
    static final String CERTIFICATES = "dashboard/certificates";
    static final String FIX_FIRST = "dashboard/fix-first";
    static final String FIX_FIRST_FRAGMENT = "dashboard/domain-fix-first";

    private static final JsonMapper JSON = JsonMapper.builder().build();
    /** The statuses of the compliance chart, in stacking order, and their colours (mailward.css). */
    private static final List<MitigationStatus> STACK = List.of(
            MitigationStatus.PASS,
            MitigationStatus.ACCEPTED,
            MitigationStatus.WARN,
            MitigationStatus.ERROR,
            MitigationStatus.FAIL,
            MitigationStatus.NOT_APPLICABLE,
            MitigationStatus.NOT_MEASURED);

    private final DashboardQueries dashboards;
    private final InventoryService inventory;
    private final MessageSource messages;
    private final ObjectProvider<ReportIntake> reports;

    DashboardController(
            DashboardQueries dashboards,
            InventoryService inventory,
            MessageSource messages,
            ObjectProvider<ReportIntake> reports) {
        this.reports = reports;
        this.dashboards = dashboards;
        this.inventory = inventory;
        this.messages = messages;
    }

    @GetMapping("/dashboard")
    String portfolio(
            @RequestParam Optional<Long> team,
            @RequestParam Optional<String> tag,
            @RequestParam Optional<String> status,
            @RequestParam Optional<String> mitigation,
            @RequestParam(defaultValue = "NAME") String sort,
            @RequestParam(defaultValue = "0") int page,
            Model model) {
        Optional<MitigationStatus> s = status.flatMap(DashboardController::statusOf);
        Optional<Mitigation> m = mitigation.flatMap(DashboardController::mitigationOf);
        PortfolioFilter.Sort order = sortOf(sort);
        PortfolioFilter filter = new PortfolioFilter(team, tag, s, m, order, page);
        Portfolio portfolio = dashboards.portfolio(filter);
        model.addAttribute("portfolio", portfolio);
        model.addAttribute("filter", filter);
        // the filter again as plain request parameters, for the sort and page links
        model.addAttribute("pTeam", filter.teamId().orElse(null));
        model.addAttribute("pTag", filter.tag().orElse(null));
        model.addAttribute("pStatus", s.map(Enum::name).orElse(null));
        model.addAttribute("pMitigation", m.map(Mitigation::id).orElse(null));
        model.addAttribute("teams", inventory.visibleTeams());
        model.addAttribute("tags", dashboards.tags());
        model.addAttribute("mitigations", dashboards.mitigations());
        model.addAttribute("statuses", MitigationStatus.values());
        // the matrix and compliance cells as escaped HTML per row: one expression per row instead of three per cell
        Locale locale = LocaleContextHolder.getLocale();
        model.addAttribute(
                "matrixRows",
                MatrixCells.matrix(
                        portfolio.matrix().items(),
                        x -> message("status." + x.name()),
                        id -> message("dashboard.mitigation.short." + id),
                        java.util.Objects.requireNonNullElse(
                                ServletUriComponentsBuilder.fromCurrentContextPath()
                                        .build()
                                        .getPath(),
                                ""),
                        message("dashboard.score.none")));
        model.addAttribute(
                "complianceRows",
                MatrixCells.compliance(
                        portfolio.compliance(),
                        id -> message("dashboard.mitigation.short." + id),
                        (percent, count) ->
                                messages.getMessage("dashboard.percent", new Object[] {percent, count}, locale)));
        model.addAttribute("sorts", PortfolioFilter.Sort.values());
        model.addAttribute("fixFirst", dashboards.fixFirst(filter.teamId(), filter.tag(), 0, FixFirst.TOP));
        model.addAttribute(
                "fixFirstMore",
                ServletUriComponentsBuilder.fromCurrentContextPath()
                        .path("/fix-first")
                        .queryParamIfPresent("team", filter.teamId())
                        .queryParamIfPresent("tag", filter.tag())
                        .build()
                        .encode()
                        .toUriString());
        model.addAttribute("histogramChart", json(histogramChart(portfolio)));
        model.addAttribute("complianceChart", json(complianceChart(portfolio)));
        model.addAttribute("trendChart", json(trendChart(portfolio.trend(), "dashboard.trend.series")));
        return PORTFOLIO;
    }

    @GetMapping("/domains/{id}/dashboard")
    String domain(@PathVariable long id, Model model) {
        DomainDashboard d = dashboards.domain(id);
        model.addAttribute("d", d);
        model.addAttribute("entries", dashboards.mitigations());
        model.addAttribute("timeline", TimelineHtml.of(d.timeline(), this::message));
        model.addAttribute("trendChart", json(trendChart(d.scoreHistory(), "dashboard.domain.scoreSeries")));
        return DOMAIN;
    }

    /** Every cause of the fleet's "fix this first" list, worst first, a page at a time. */
    @GetMapping("/fix-first")
    String fixFirst(
            @RequestParam Optional<Long> team,
            @RequestParam Optional<String> tag,
            @RequestParam(defaultValue = "0") int page,
            Model model) {
        int p = Math.max(0, Math.min(page, 100_000));
        FixFirst list = dashboards.fixFirst(team, tag, p, DashboardQueries.PAGE_SIZE);
        model.addAttribute("fixFirst", list);
        model.addAttribute("page", new PageOf<>(list.items(), p, DashboardQueries.PAGE_SIZE, list.total()));
        model.addAttribute("pTeam", team.orElse(null));
        model.addAttribute("pTag", tag.orElse(null));
        model.addAttribute("start", p * DashboardQueries.PAGE_SIZE + 1);
        return FIX_FIRST;
    }

    /**
     * One domain's "fix this first" list as a fragment, loaded by htmx at the top of the domain page; opened
     * directly, the domain's dashboard, which shows the same list at its top.
     */
    @GetMapping("/domains/{id}/fix-first")
    String domainFixFirst(
            @PathVariable long id, @RequestHeader(name = "HX-Request", required = false) String htmx, Model model) {
        Optional<FixFirst> list = dashboards.domainFixFirst(id);
        if (htmx == null) {
            return "redirect:/domains/" + id + "/dashboard";
        }
        model.addAttribute("fixFirst", list.orElse(null));
        model.addAttribute("domainId", id);
        return FIX_FIRST_FRAGMENT;
    }

    @GetMapping("/mitigations/{id}")
    String mitigation(@PathVariable String id, @RequestParam(defaultValue = "0") int page, Model model) {
        model.addAttribute(
                "m",
                dashboards
                        .mitigation(id, page)
                        .orElseThrow(
                                () -> new ResponseStatusException(HttpStatus.NOT_FOUND, "no mitigation '" + id + "'")));
        model.addAttribute("statuses", MitigationStatus.values());
        ReportIntake intake = reports.getIfAvailable();
        boolean dmarc = Mitigation.LAYERED_AUTH.id().equals(id);
        if (intake != null && (dmarc || Mitigation.TLS.id().equals(id))) {
            LocalDate to = LocalDate.now(ZoneOffset.UTC);
            LocalDate from = to.minusDays(ReportRates.DAYS - 1);
            model.addAttribute("rates", ReportRates.of(dmarc, from, to, intake.passRates(from, to)));
        }
        return MITIGATION;
    }

    @GetMapping("/certificates")
    String certificates(@RequestParam(defaultValue = "0") int page, Model model) {
        model.addAttribute("certificates", dashboards.certificates(page));
        return CERTIFICATES;
    }

    // ------------------------------------------------------------------ chart data

    private Map<String, Object> histogramChart(Portfolio p) {
        List<String> labels = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            labels.add(i == 9 ? "90–100" : (i * 10) + "–" + (i * 10 + 9));
        }
        return Map.of(
                "type",
                "histogram",
                "labels",
                labels,
                "series",
                List.of(Map.of(
                        "label", message("dashboard.histogram.series"), "data", p.histogram(), "status", "score")));
    }

    private Map<String, Object> complianceChart(Portfolio p) {
        List<String> labels = p.compliance().stream()
                .map(c -> message("dashboard.mitigation.short." + c.mitigation().id()))
                .toList();
        List<Map<String, Object>> series = new ArrayList<>();
        for (MitigationStatus s : STACK) {
            series.add(Map.of(
                    "label",
                    message("status." + s.name()),
                    "status",
                    s.name(),
                    "data",
                    p.compliance().stream().map(c -> c.percent(s)).toList()));
        }
        return Map.of("type", "compliance", "labels", labels, "series", series);
    }

    private Map<String, Object> trendChart(List<Portfolio.TrendPoint> points, String seriesKey) {
        return Map.of(
                "type",
                "trend",
                "labels",
                points.stream().map(t -> t.day().toString()).toList(),
                "series",
                List.of(Map.of(
                        "label",
                        message(seriesKey),
                        "status",
                        "score",
                        "data",
                        points.stream()
                                .map(t -> Math.round(t.average() * 10) / 10.0)
                                .toList())));
    }

    private static String json(Object value) {
        return JSON.writeValueAsString(value);
    }

    private String message(String key) {
        return messages.getMessage(key, null, key, LocaleContextHolder.getLocale());
    }

    private static Optional<MitigationStatus> statusOf(String s) {
        try {
            return s.isBlank() ? Optional.empty() : Optional.of(MitigationStatus.valueOf(s.toUpperCase(Locale.ROOT)));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    private static Optional<Mitigation> mitigationOf(String id) {
        try {
            return id.isBlank() ? Optional.empty() : Optional.of(Mitigation.fromId(id));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    private static PortfolioFilter.Sort sortOf(String s) {
        try {
            return PortfolioFilter.Sort.valueOf(s.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            return PortfolioFilter.Sort.NAME;
        }
    }
}
