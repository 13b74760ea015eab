package dev.mailward.inventory.api;

import dev.mailward.inventory.EndpointRole;
import dev.mailward.inventory.InventoryService;
import dev.mailward.inventory.InventoryValidationException;
import dev.mailward.inventory.api.ApiDtos.EndpointRequest;
import dev.mailward.inventory.api.ApiDtos.PageDto;
import dev.mailward.inventory.api.ApiDtos.ServerDetailsDto;
import dev.mailward.inventory.api.ApiDtos.ServerDto;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.Locale;
import java.util.Optional;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/** {@code /api/v1/servers}: mail servers and their endpoints for machines. */
@Tag(name = "Mail servers")
@RestController
@RequestMapping("/api/v1/servers")
class ServersApiController {

    private final InventoryService inventory;

    ServersApiController(InventoryService inventory) {
        this.inventory = inventory;
    }

    @Operation(
            operationId = "listMailServers",
            summary = "List mail servers",
            description =
                    "The mail servers of your teams' domains, a page at a time, by host name; `q` filters by a text in the host name.")
    @GetMapping
    PageDto<ServerDto> list(@RequestParam Optional<String> q, @RequestParam(defaultValue = "0") int page) {
        return PageDto.of(inventory.servers(q, page), ServerDto::of);
    }

    @Operation(
            operationId = "getMailServer",
            summary = "Get a mail server",
            description =
                    "One mail server with its addresses, the domains it serves and in which role, and its endpoints (discovered and operator-added).")
    @GetMapping("/{id}")
    ServerDetailsDto get(@PathVariable long id) {
        return ServerDetailsDto.of(inventory.server(id));
    }

    @Operation(
            operationId = "addServerEndpoint",
            summary = "Add an endpoint to a mail server",
            description =
                    "Adds an endpoint (role and port, e.g. SUBMISSION 587) for the probes to check besides the discovered ones; answers the server with its endpoints. Needs the OPERATOR or ADMIN role.")
    @PostMapping("/{id}/endpoints")
    @ResponseStatus(HttpStatus.CREATED)
    ServerDetailsDto addEndpoint(@PathVariable long id, @RequestBody EndpointRequest body) {
        EndpointRole role = role(body.role());
        int port = body.port() == null ? role.defaultPort() : body.port();
        return ServerDetailsDto.of(inventory.addEndpoint(id, role, port));
    }

    @Operation(
            operationId = "removeServerEndpoint",
            summary = "Remove an operator-added endpoint",
            description =
                    "Removes the endpoint with this role and port that an operator added; discovered endpoints cannot be removed. Answers the server with its endpoints. Needs the OPERATOR or ADMIN role.")
    @DeleteMapping("/{id}/endpoints/{role}/{port}")
    ServerDetailsDto removeEndpoint(@PathVariable long id, @PathVariable String role, @PathVariable int port) {
        return ServerDetailsDto.of(inventory.removeEndpoint(id, role(role), port));
    }

    private static EndpointRole role(String name) {
        try {
            return EndpointRole.valueOf(name == null ? "" : name.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new InventoryValidationException(
                    "role",
                    "inventory.endpoint.role",
                    "role '" + (name == null || name.length() <= 40 ? name : name.substring(0, 37) + "...")
                            + "' is not one of MX, SUBMISSION, SUBMISSIONS, IMAP, IMAPS, POP3, POP3S, MANAGESIEVE");
        }
    }
}
