package dev.mailward.scanning.api;

import dev.mailward.scanning.ScanSelection;
import dev.mailward.scanning.ScanService;
import dev.mailward.scanning.ScanValidationException;
import dev.mailward.scanning.api.ScanningApiDtos.Page;
import dev.mailward.scanning.api.ScanningApiDtos.Scan;
import dev.mailward.scanning.api.ScanningApiDtos.StartScan;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.net.URI;
import java.util.List;
import java.util.Locale;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code /api/v1/scans}: start a scan of some domains, a tag, a team or everything (201 with its
 * progress), list the scans, follow one (done/total, ETA, domains being scanned, state), cancel it.
 */
@Tag(name = "Scans")
@RestController
@RequestMapping("/api/v1/scans")
class ScansApiController {

    private final ScanService scans;

    ScansApiController(ScanService scans) {
        this.scans = scans;
    }

    @Operation(
            operationId = "startScan",
            summary = "Start a scan now",
            description =
                    "Scans the given scope now instead of at the domains' scheduled times: `scope` is `domains` (with `domainIds`), `tag` (with `tag`), `team` (with `teamId`) or `all` (what you can see). Answers 201 with the scan, whose progress `GET /api/v1/scans/{id}` reports. Needs the OPERATOR or ADMIN role.")
    @PostMapping
    ResponseEntity<Scan> start(@RequestBody(required = false) StartScan body) {
        long id = scans.scanNow(selection(body));
        return ResponseEntity.created(URI.create("/api/v1/scans/" + id)).body(scan(id));
    }

    @Operation(
            operationId = "listScans",
            summary = "List scans",
            description =
                    "Scans started with \"scan now\" that you can see, newest first, 50 a page, with their state, progress and what they found.")
    @GetMapping
    Page<Scan> list(@RequestParam(defaultValue = "0") int page) {
        return Page.of(scans.scans(page), p -> Scan.of(p, scans.summary(p.id())));
    }

    @Operation(
            operationId = "getScan",
            summary = "Get a scan",
            description =
                    "A scan with its state and progress: done/total, the domain being checked and the expected end; `found` counts its domains scanned so far, those that got worse or better, and those with results that could not be measured (the console links them from the scan's page).")
    @GetMapping("/{id}")
    Scan get(@PathVariable long id) {
        return scan(id);
    }

    @Operation(
            operationId = "cancelScan",
            summary = "Cancel a scan",
            description =
                    "Stops a waiting or running scan: domains not yet started are skipped and keep their scheduled times; answers the scan as it is now. Needs the OPERATOR or ADMIN role.")
    @PostMapping("/{id}/cancel")
    Scan cancel(@PathVariable long id) {
        return Scan.of(scans.cancel(id), scans.summary(id));
    }

    private Scan scan(long id) {
        return Scan.of(scans.progress(id), scans.summary(id));
    }

    private static ScanSelection selection(StartScan body) {
        if (body == null || body.scope() == null) {
            throw new ScanValidationException(
                    "scope", "scanning.api.scope", "scope is required: domains, tag, team or all");
        }
        return switch (body.scope().strip().toLowerCase(Locale.ROOT)) {
            case "domains" -> {
                List<Long> ids = body.domainIds() == null ? List.of() : body.domainIds();
                if (ids.contains(null)) {
                    throw new ScanValidationException("domainIds", "scanning.scan.noDomains", "domainIds has a null");
                }
                yield new ScanSelection.Domains(ids);
            }
            case "tag" -> new ScanSelection.Tag(body.tag());
            case "team" -> {
                if (body.teamId() == null) {
                    throw new ScanValidationException("teamId", "scanning.api.teamId", "teamId is required");
                }
                yield new ScanSelection.Team(body.teamId());
            }
            case "all" -> new ScanSelection.All();
            default ->
                throw new ScanValidationException(
                        "scope", "scanning.api.scope", "scope must be one of domains, tag, team, all");
        };
    }
}
