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
@RestController
@RequestMapping("/api/v1/domains")
class DomainsApiController {

    private final InventoryService inventory;

    DomainsApiController(InventoryService inventory) {
        this.inventory = inventory;
    }

    @GetMapping
    PageDto<DomainDto> list(
            @RequestParam Optional<String> q,
            @RequestParam Optional<Long> team,
            @RequestParam Optional<String> tag,
            @RequestParam(defaultValue = "0") int page) {
        return PageDto.of(inventory.domains(new DomainQuery(q, team, tag, page)), DomainDto::of);
    }

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

    @GetMapping("/{id}")
    DomainDetailsDto get(@PathVariable long id) {
        return DomainDetailsDto.of(inventory.domain(id));
    }

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

    @DeleteMapping("/{id}")
    ResponseEntity<Void> delete(@PathVariable long id) {
        inventory.removeDomain(id);
        return ResponseEntity.noContent().build();
    }

    @PostMapping("/{id}/discover")
    DomainDetailsDto discover(@PathVariable long id) {
        return DomainDetailsDto.of(inventory.rediscover(id));
    }

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
