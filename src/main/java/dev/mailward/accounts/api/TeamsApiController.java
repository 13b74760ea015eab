package dev.mailward.accounts.api;

import dev.mailward.accounts.Accounts;
import dev.mailward.accounts.TeamRef;
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
@RestController
@RequestMapping("/api/v1/teams")
class TeamsApiController {

    private final Accounts accounts;

    TeamsApiController(Accounts accounts) {
        this.accounts = accounts;
    }

    record TeamRequest(String name) {}

    @GetMapping
    List<TeamRef> list() {
        return accounts.teams();
    }

    @PostMapping
    ResponseEntity<TeamRef> create(@RequestBody TeamRequest body) {
        TeamRef team = accounts.createTeam(body.name());
        return ResponseEntity.created(URI.create("/api/v1/teams/" + team.id())).body(team);
    }

    @PutMapping("/{id}")
    TeamRef rename(@PathVariable long id, @RequestBody TeamRequest body) {
        return accounts.renameTeam(id, body.name());
    }
}
