package dev.mailward.scanning.api;

import dev.mailward.scanning.ScanSelection;
import dev.mailward.scanning.ScanService;
import dev.mailward.scanning.ScanValidationException;
import dev.mailward.scanning.api.ScanningApiDtos.Page;
import dev.mailward.scanning.api.ScanningApiDtos.Scan;
import dev.mailward.scanning.api.ScanningApiDtos.StartScan;
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
@RestController
@RequestMapping("/api/v1/scans")
class ScansApiController {

    private final ScanService scans;

    ScansApiController(ScanService scans) {
        this.scans = scans;
    }

    @PostMapping
    ResponseEntity<Scan> start(@RequestBody(required = false) StartScan body) {
        long id = scans.scanNow(selection(body));
        return ResponseEntity.created(URI.create("/api/v1/scans/" + id)).body(Scan.of(scans.progress(id)));
    }

    @GetMapping
    Page<Scan> list(@RequestParam(defaultValue = "0") int page) {
        return Page.of(scans.scans(page), Scan::of);
    }

    @GetMapping("/{id}")
    Scan get(@PathVariable long id) {
        return Scan.of(scans.progress(id));
    }

    @PostMapping("/{id}/cancel")
    Scan cancel(@PathVariable long id) {
        return Scan.of(scans.cancel(id));
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
