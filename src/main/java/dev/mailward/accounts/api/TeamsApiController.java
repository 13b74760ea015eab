package dev.mailward.accounts.api;

import dev.mailward.accounts.Accounts;
import dev.mailward.accounts.TeamRef;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.net.URI;
import java.util.List;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** {@code /api/v1/teams} (admins only). */
@Tag(name = "Teams")
@RestController
@RequestMapping("/api/v1/teams")
class TeamsApiController {

    private final Accounts accounts;

    TeamsApiController(Accounts accounts) {
        this.accounts = accounts;
    }

    record TeamRequest(String name) {}

    @Operation(
            operationId = "listTeams",
            summary = "List teams",
            description = "Every team by name. Needs the ADMIN role.")
    @GetMapping
    List<TeamRef> list() {
        return accounts.teams();
    }

    @Operation(
            operationId = "createTeam",
            summary = "Create a team",
            description = "Creates a team with a unique name; answers 201 with it. Needs the ADMIN role.")
    @PostMapping
    ResponseEntity<TeamRef> create(@RequestBody TeamRequest body) {
        TeamRef team = accounts.createTeam(body.name());
        return ResponseEntity.created(URI.create("/api/v1/teams/" + team.id())).body(team);
    }

    @Operation(
            operationId = "renameTeam",
            summary = "Rename a team",
            description = "Gives a team another unique name; its domains and members stay. Needs the ADMIN role.")
    @PutMapping("/{id}")
    TeamRef rename(@PathVariable long id, @RequestBody TeamRequest body) {
        return accounts.renameTeam(id, body.name());
    }
}
