package dev.mailward.accounts.api;

import dev.mailward.accounts.Accounts;
import dev.mailward.accounts.CreateUser;
import dev.mailward.accounts.NoSuchAccount;
import dev.mailward.accounts.Role;
import dev.mailward.accounts.TeamRef;
import dev.mailward.accounts.UpdateUser;
import dev.mailward.accounts.UserView;
import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** {@code /api/v1/users} (admins only). */
@RestController
@RequestMapping("/api/v1/users")
class UsersApiController {

    private final Accounts accounts;

    UsersApiController(Accounts accounts) {
        this.accounts = accounts;
    }

    record UserDto(
            long id,
            String username,
            String displayName,
            Role role,
            List<TeamRef> teams,
            boolean enabled,
            Instant createdAt,
            Instant lastLoginAt,
            Instant lockedUntil) {

        static UserDto of(UserView u) {
            return new UserDto(
                    u.id(),
                    u.username(),
                    u.displayName(),
                    u.role(),
                    u.teams(),
                    u.enabled(),
                    u.createdAt(),
                    u.lastLoginAt().orElse(null),
                    u.lockedUntil().orElse(null));
        }
    }

    record CreateUserRequest(String username, String displayName, Role role, Set<Long> teamIds, String password) {}

    record UpdateUserRequest(String displayName, Role role, Set<Long> teamIds, Boolean enabled) {}

    @GetMapping
    List<UserDto> list() {
        return accounts.users().stream().map(UserDto::of).toList();
    }

    @GetMapping("/{id}")
    UserDto get(@PathVariable long id) {
        return accounts.user(id).map(UserDto::of).orElseThrow(() -> new NoSuchAccount("user", id));
    }

    @PostMapping
    ResponseEntity<UserDto> create(@RequestBody CreateUserRequest body) {
        UserView u = accounts.createUser(
                new CreateUser(body.username(), body.displayName(), body.role(), body.teamIds(), body.password()));
        return ResponseEntity.created(URI.create("/api/v1/users/" + u.id())).body(UserDto.of(u));
    }

    @PutMapping("/{id}")
    UserDto update(@PathVariable long id, @RequestBody UpdateUserRequest body) {
        return UserDto.of(accounts.updateUser(
                id,
                new UpdateUser(
                        body.displayName(), body.role(), body.teamIds(), body.enabled() == null || body.enabled())));
    }
}
