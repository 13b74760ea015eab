package dev.mailward.scanning.api;

import dev.mailward.scanning.AcceptFinding;
import dev.mailward.scanning.ScanService;
import dev.mailward.scanning.ScanValidationException;
import dev.mailward.scanning.api.ScanningApiDtos.CreateException;
import dev.mailward.scanning.api.ScanningApiDtos.FindingException;
import dev.mailward.scanning.api.ScanningApiDtos.Page;
import java.net.URI;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Optional;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code /api/v1/exceptions}: accepted findings of the domains the caller may see (active ones by
 * default, {@code active=false} for all), accepting a finding and revoking an exception (both
 * audited; ADMIN or OPERATOR of the domain's team).
 */
@RestController
@RequestMapping("/api/v1/exceptions")
class ExceptionsApiController {

    private final ScanService scans;

    ExceptionsApiController(ScanService scans) {
        this.scans = scans;
    }

    @GetMapping
    Page<FindingException> list(@RequestParam Optional<Long> domainId, @RequestParam(defaultValue = "true") boolean active,
            @RequestParam(defaultValue = "0") int page) {
        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        return Page.of(scans.exceptions(domainId, active, page), e -> FindingException.of(e, today));
    }

    @GetMapping("/{id}")
    FindingException get(@PathVariable long id) {
        return FindingException.of(scans.exception(id), LocalDate.now(ZoneOffset.UTC));
    }

    @PostMapping
    ResponseEntity<FindingException> create(@RequestBody(required = false) CreateException body) {
        if (body == null || body.domainId() == null) {
            throw new ScanValidationException("domainId", "scanning.api.domainId", "domainId is required");
        }
        long id = scans.acceptFinding(body.domainId(), new AcceptFinding(body.check(), body.target(), body.code(),
                body.reason(), body.expiresOn()));
        return ResponseEntity.created(URI.create("/api/v1/exceptions/" + id))
                .body(FindingException.of(scans.exception(id), LocalDate.now(ZoneOffset.UTC)));
    }

    @PostMapping("/{id}/revoke")
    FindingException revoke(@PathVariable long id) {
        scans.revokeException(id);
        return FindingException.of(scans.exception(id), LocalDate.now(ZoneOffset.UTC));
    }
}
