package dev.mailward.inventory.api;

import dev.mailward.inventory.AddDomain;
import dev.mailward.inventory.DomainQuery;
import dev.mailward.inventory.InventoryService;
import dev.mailward.inventory.InventoryValidationException;
import dev.mailward.inventory.UpdateDomain;
import dev.mailward.inventory.api.ApiDtos.CreateDomainRequest;
import dev.mailward.inventory.api.ApiDtos.DomainDetailsDto;
import dev.mailward.inventory.api.ApiDtos.DomainDto;
import dev.mailward.inventory.api.ApiDtos.ImportResultDto;
import dev.mailward.inventory.api.ApiDtos.PageDto;
import dev.mailward.inventory.api.ApiDtos.UpdateDomainRequest;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.net.URI;
import java.util.Optional;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** {@code /api/v1/domains}: the domain inventory for machines. */
@Tag(name = "Domains")
@RestController
@RequestMapping("/api/v1/domains")
class DomainsApiController {

    private final InventoryService inventory;

    DomainsApiController(InventoryService inventory) {
        this.inventory = inventory;
    }

    @Operation(
            operationId = "listDomains",
            summary = "List domains",
            description =
                    "The domains of your teams (every domain for an admin), 50 a page, by name. Filter by a text in the name (`q`), a team id (`team`) or a tag (`tag`); `page` counts from 0.")
    @GetMapping
    PageDto<DomainDto> list(
            @RequestParam Optional<String> q,
            @RequestParam Optional<Long> team,
            @RequestParam Optional<String> tag,
            @RequestParam(defaultValue = "0") int page) {
        return PageDto.of(inventory.domains(new DomainQuery(q, team, tag, page)), DomainDto::of);
    }

    @Operation(
            operationId = "addDomain",
            summary = "Add a domain",
            description =
                    "Adds one domain to a team and discovers its mail servers (MX, SRV) before answering; the answer is the domain with what discovery found, and Location names it. The name may be a U-label or an A-label; it is stored as an A-label. Needs the OPERATOR or ADMIN role.")
    @PostMapping
    ResponseEntity<DomainDetailsDto> create(@RequestBody CreateDomainRequest body) {
        require(body.name() != null, "name", "name is required");
        require(body.teamId() != null, "teamId", "teamId is required");
        var d = inventory.addDomain(new AddDomain(
                body.name(),
                body.teamId(),
                body.tags(),
                body.dkimSelectors(),
                body.checkIntervalMinutes() == null ? AddDomain.DEFAULT_INTERVAL : body.checkIntervalMinutes(),
                body.notes()));
        return ResponseEntity.created(URI.create("/api/v1/domains/" + d.id())).body(DomainDetailsDto.of(d));
    }

    @Operation(
            operationId = "getDomain",
            summary = "Get a domain",
            description =
                    "One domain with its team, tags, DKIM selectors, check interval, notes, discovery status and mail servers.")
    @GetMapping("/{id}")
    DomainDetailsDto get(@PathVariable long id) {
        return DomainDetailsDto.of(inventory.domain(id));
    }

    @Operation(
            operationId = "updateDomain",
            summary = "Change a domain",
            description =
                    "Replaces the team, tags, DKIM selectors, check interval and notes of a domain (the name cannot change). Moving it to another team needs membership of both (or ADMIN). Needs the OPERATOR or ADMIN role.")
    @PutMapping("/{id}")
    DomainDetailsDto update(@PathVariable long id, @RequestBody UpdateDomainRequest body) {
        require(body.teamId() != null, "teamId", "teamId is required");
        return DomainDetailsDto.of(inventory.updateDomain(
                id,
                new UpdateDomain(
                        body.teamId(),
                        body.tags(),
                        body.dkimSelectors(),
                        body.checkIntervalMinutes() == null ? AddDomain.DEFAULT_INTERVAL : body.checkIntervalMinutes(),
                        body.notes())));
    }

    @Operation(
            operationId = "removeDomain",
            summary = "Remove a domain",
            description =
                    "Removes the domain with its schedule, results history and exceptions; answers 204. Mail servers shared with other domains stay. Needs the OPERATOR or ADMIN role.")
    @DeleteMapping("/{id}")
    ResponseEntity<Void> delete(@PathVariable long id) {
        inventory.removeDomain(id);
        return ResponseEntity.noContent().build();
    }

    @Operation(
            operationId = "rediscoverDomainMailServers",
            summary = "Rediscover a domain's mail servers",
            description =
                    "Looks up the MX and SRV records again now and answers the domain with the servers found; operator-added endpoints stay. Needs the OPERATOR or ADMIN role.")
    @PostMapping("/{id}/discover")
    DomainDetailsDto discover(@PathVariable long id) {
        return DomainDetailsDto.of(inventory.rediscover(id));
    }

    @Operation(
            operationId = "importDomains",
            summary = "Import a list of domains",
            description =
                    "Adds many domains at once from a text body (one name per line) or CSV with the header `domain,team,tags,selectors` (only `domain` required); `team` is the team of lines that name none. Answers how many were added, which were already there and which lines were refused and why; discovery runs in the background afterwards. Needs the OPERATOR or ADMIN role.")
    @PostMapping(
            path = "/import",
            consumes = {"text/plain", "text/csv"})
    ImportResultDto importDomains(@RequestBody(required = false) byte[] body, @RequestParam Optional<Long> team) {
        return ImportResultDto.of(inventory.importDomains(body == null ? new byte[0] : body, team));
    }

    private static void require(boolean ok, String field, String message) {
        if (!ok) {
            throw new InventoryValidationException(field, "inventory.api.required", message);
        }
    }
}
