package dev.mailward.accounts.api;

import dev.mailward.accounts.Accounts;
import dev.mailward.accounts.CreateUser;
import dev.mailward.accounts.NoSuchAccount;
import dev.mailward.accounts.Role;
import dev.mailward.accounts.TeamRef;
import dev.mailward.accounts.UpdateUser;
import dev.mailward.accounts.UserView;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
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
@Tag(name = "Users")
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

    @Operation(
            operationId = "listUsers",
            summary = "List users",
            description = "Every user with role, teams, whether enabled, and the last sign-in. Needs the ADMIN role.")
    @GetMapping
    List<UserDto> list() {
        return accounts.users().stream().map(UserDto::of).toList();
    }

    @Operation(
            operationId = "getUser",
            summary = "Get a user",
            description = "One user with role, teams, whether enabled, and the last sign-in. Needs the ADMIN role.")
    @GetMapping("/{id}")
    UserDto get(@PathVariable long id) {
        return accounts.user(id).map(UserDto::of).orElseThrow(() -> new NoSuchAccount("user", id));
    }

    @Operation(
            operationId = "createUser",
            summary = "Create a user",
            description =
                    "Creates a user with a role, teams and an initial password that meets the password policy (at least 12 characters, not the user name, not a commonly used password). Answers 201. Needs the ADMIN role.")
    @PostMapping
    ResponseEntity<UserDto> create(@RequestBody CreateUserRequest body) {
        UserView u = accounts.createUser(
                new CreateUser(body.username(), body.displayName(), body.role(), body.teamIds(), body.password()));
        return ResponseEntity.created(URI.create("/api/v1/users/" + u.id())).body(UserDto.of(u));
    }

    @Operation(
            operationId = "updateUser",
            summary = "Change a user",
            description =
                    "Replaces display name, role, teams and whether the user is enabled; disabling the user or lowering the role ends the user's open sessions. Needs the ADMIN role.")
    @PutMapping("/{id}")
    UserDto update(@PathVariable long id, @RequestBody UpdateUserRequest body) {
        return UserDto.of(accounts.updateUser(
                id,
                new UpdateUser(
                        body.displayName(), body.role(), body.teamIds(), body.enabled() == null || body.enabled())));
    }
}
