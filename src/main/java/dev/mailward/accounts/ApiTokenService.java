package dev.mailward.accounts;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.data.domain.PageRequest;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The rules of personal API tokens, without method security (see {@link ApiTokens} for the
 * facade): creation, revocation, and authentication of a presented token.
 *
 * <p>A token is {@code mw_<prefix>_<secret>}: a 10 character prefix (public, shown in lists, the
 * lookup key) and 32 random bytes in base64url. Only the SHA-256 of the whole token is stored.
 * A slow password hash (Argon2, as for passwords) buys nothing here: it exists to make guessing
 * low-entropy human passwords expensive, while a 256-bit random secret cannot be guessed at any
 * speed; and it would cost tens of milliseconds and megabytes of memory on every API request,
 * handing an attacker a cheap way to exhaust the server.
 */
@Service
@Transactional
class ApiTokenService {

    static final String TOKEN_START = "mw_";
    static final int PREFIX_LENGTH = 10;
    static final int SECRET_BYTES = 32;
    // 3 + 10 + 1 + 43 (32 bytes in unpadded base64url)
    static final int TOKEN_LENGTH = TOKEN_START.length() + PREFIX_LENGTH + 1 + 43;
    /** Last use is written at most once per token and interval: a busy token must not write on every request. */
    static final Duration LAST_USED_PRECISION = Duration.ofMinutes(1);

    private static final Logger log = LoggerFactory.getLogger(ApiTokenService.class);
    private static final char[] PREFIX_ALPHABET = "abcdefghijkmnpqrstuvwxyz23456789".toCharArray();

    /** Outcome of presenting a token. */
    sealed interface Authentication {}

    /** The token is good: act as this principal. */
    record Accepted(AccountPrincipal principal, long tokenId) implements Authentication {}

    /** The token is refused; {@code reason} may be shown to the caller. */
    record Rejected(String reason) implements Authentication {}

    private final ApiTokenRepository tokens;
    private final UserAccountRepository users;
    private final ApplicationEventPublisher events;
    private final ApiProperties.Tokens limits;
    private final Clock clock = Clock.systemUTC();
    private final SecureRandom random = new SecureRandom();

    ApiTokenService(
            ApiTokenRepository tokens,
            UserAccountRepository users,
            ApplicationEventPublisher events,
            ApiProperties properties) {
        this.tokens = tokens;
        this.users = users;
        this.events = events;
        this.limits = properties.tokens();
    }

    CreatedApiToken create(long ownerId, CreateApiToken cmd) {
        UserAccount owner = users.findById(ownerId).orElseThrow(() -> new NoSuchAccount("user", ownerId));
        String name = ApiToken.validName(cmd.name());
        if (cmd.role() == null) {
            throw new AccountChangeRejected("role", "accounts.user.role-required", "role required");
        }
        if (!owner.role().includes(cmd.role())) {
            throw new AccountChangeRejected(
                    "role",
                    "accounts.token.role-too-high",
                    "a " + owner.role() + " cannot create a token with role " + cmd.role(),
                    owner.role());
        }
        if (cmd.validDays() < 1 || cmd.validDays() > limits.maxLifetimeDays()) {
            throw new AccountChangeRejected(
                    "validDays",
                    "accounts.token.days-invalid",
                    "validity " + cmd.validDays() + " days is outside 1.." + limits.maxLifetimeDays(),
                    limits.maxLifetimeDays());
        }
        Instant now = clock.instant();
        if (tokens.countActive(ownerId, now) >= limits.maxPerUser()) {
            throw new AccountChangeRejected(
                    "name",
                    "accounts.token.too-many",
                    "at most " + limits.maxPerUser() + " active tokens",
                    limits.maxPerUser());
        }
        String prefix = newPrefix();
        byte[] secretBytes = new byte[SECRET_BYTES];
        random.nextBytes(secretBytes);
        String secret = TOKEN_START + prefix + "_"
                + Base64.getUrlEncoder().withoutPadding().encodeToString(secretBytes);
        ApiToken token = tokens.save(new ApiToken(
                ownerId, prefix, hash(secret), name, cmd.role(), now, now.plus(Duration.ofDays(cmd.validDays()))));
        log.info("API token {} ({}) created by {} with role {}", prefix, name, owner.username(), cmd.role());
        events.publishEvent(new ApiTokenCreated(
                token.id(), prefix, name, cmd.role(), owner.username(), token.expiresAt(), owner.username()));
        return new CreatedApiToken(view(token, owner.username(), now), secret);
    }

    /**
     * Revokes a token. With {@code ownerId} present, only a token of that user (another user's is
     * "not found"); without, any token (admins).
     */
    void revoke(long tokenId, Optional<Long> ownerId, String actor) {
        ApiToken token = tokens.findById(tokenId)
                .filter(t -> ownerId.isEmpty() || ownerId.get() == t.userId())
                .orElseThrow(() -> new NoSuchAccount("token", tokenId));
        if (token.revoke(clock.instant(), actor)) {
            String owner =
                    users.findById(token.userId()).map(UserAccount::username).orElse("#" + token.userId());
            log.info("API token {} of {} revoked by {}", token.prefix(), owner, actor);
            events.publishEvent(new ApiTokenRevoked(token.id(), token.prefix(), token.name(), owner, actor));
        }
    }

    @Transactional(readOnly = true)
    List<ApiTokenView> tokensOf(long ownerId) {
        String owner = users.findById(ownerId).map(UserAccount::username).orElse("#" + ownerId);
        Instant now = clock.instant();
        return tokens.findByUserIdOrderByCreatedAtDesc(ownerId).stream()
                .map(t -> view(t, owner, now))
                .toList();
    }

    /** The newest tokens of all users, at most {@code limit}. */
    @Transactional(readOnly = true)
    List<ApiTokenView> all(int limit) {
        Map<Long, String> names =
                users.findAll().stream().collect(Collectors.toMap(UserAccount::id, UserAccount::username, (a, b) -> a));
        Instant now = clock.instant();
        return tokens.findAllByOrderByCreatedAtDesc(PageRequest.of(0, limit)).stream()
                .map(t -> view(t, names.getOrDefault(t.userId(), "#" + t.userId()), now))
                .toList();
    }

    /**
     * Checks a presented token: well-formed, known, hash equal, not revoked, not expired, owner
     * enabled. Records the use (at most once a minute). A locked owner (too many failed password
     * logins) keeps working tokens: the lock fends off password guessing, which a token bypasses
     * neither way, and must not let a guesser stop the owner's automation.
     */
    Authentication authenticate(String presented) {
        if (presented == null
                || presented.length() != TOKEN_LENGTH
                || !presented.startsWith(TOKEN_START)
                || presented.charAt(TOKEN_START.length() + PREFIX_LENGTH) != '_') {
            return new Rejected("The bearer token is not a Mailward API token");
        }
        String prefix = presented.substring(TOKEN_START.length(), TOKEN_START.length() + PREFIX_LENGTH);
        Optional<ApiToken> found = tokens.findByPrefix(prefix);
        // compare the hashes in constant time so that timing reveals nothing about the stored hash
        if (found.isEmpty()
                || !MessageDigest.isEqual(
                        found.get().tokenHash().getBytes(StandardCharsets.US_ASCII),
                        hash(presented).getBytes(StandardCharsets.US_ASCII))) {
            return new Rejected("The API token is not valid");
        }
        ApiToken token = found.get();
        Instant now = clock.instant();
        if (token.revokedAt().isPresent()) {
            return new Rejected("The API token was revoked");
        }
        if (!token.expiresAt().isAfter(now)) {
            return new Rejected("The API token expired at " + token.expiresAt());
        }
        Optional<UserAccount> owner = users.findById(token.userId());
        if (owner.isEmpty() || !owner.get().enabled()) {
            return new Rejected("The owner of the API token is disabled");
        }
        if (token.lastUsedAt()
                .map(t -> t.isBefore(now.minus(LAST_USED_PRECISION)))
                .orElse(true)) {
            tokens.touch(token.id(), now, now.minus(LAST_USED_PRECISION));
        }
        return new Accepted(new AccountPrincipal(owner.get(), token), token.id());
    }

    static String hash(String token) {
        try {
            return HexFormat.of()
                    .formatHex(MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every Java platform", e);
        }
    }

    private String newPrefix() {
        // 32^10 = 2^50 prefixes: a clash is improbable, but the unique index is the guard; retry a few times
        for (int attempt = 0; attempt < 5; attempt++) {
            StringBuilder sb = new StringBuilder(PREFIX_LENGTH);
            for (int i = 0; i < PREFIX_LENGTH; i++) {
                sb.append(PREFIX_ALPHABET[random.nextInt(PREFIX_ALPHABET.length)]);
            }
            if (tokens.findByPrefix(sb.toString()).isEmpty()) {
                return sb.toString();
            }
        }
        throw new IllegalStateException("could not find an unused token prefix");
    }

    private static ApiTokenView view(ApiToken t, String owner, Instant now) {
        return new ApiTokenView(
                t.id(),
                t.prefix(),
                t.name(),
                t.role(),
                t.userId(),
                owner,
                t.createdAt(),
                t.expiresAt(),
                t.lastUsedAt(),
                t.revokedAt(),
                t.active(now));
    }
}
