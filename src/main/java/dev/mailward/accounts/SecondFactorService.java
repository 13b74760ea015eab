package dev.mailward.accounts;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.mailward.shared.AuditableAction;
import dev.mailward.shared.SecretBox;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * The rules of the second factor of local accounts: enrolling a TOTP key (confirmed by a first code), ten
 * one-time recovery codes (salted SHA-256: each has 50 random bits, so a slow hash would only make every
 * sign-in with a recovery code check ten Argon2 hashes), checking a code once, and an admin's reset. The
 * TOTP key is encrypted at rest ({@link SecretBox}, {@code mailward.accounts.second-factor.secret-key}).
 * Every enrolment, regeneration and reset is audited ({@link AuditableAction}) in its transaction.
 */
@Service
@Transactional
class SecondFactorService {

    static final int RECOVERY_CODES = 10;
    // no 0/o, 1/l/i: recovery codes are read off paper
    private static final char[] RECOVERY_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789".toCharArray();
    private static final int RECOVERY_HALF = 5;
    private static final int CACHE_SIZE = 10_000;

    private static final Logger log = LoggerFactory.getLogger(SecondFactorService.class);

    private final SecondFactorRepository rows;
    private final PasskeyRepository passkeys;
    private final SecretBox box;
    private final ApplicationEventPublisher events;
    private final SecondFactorProperties properties;
    private final Totp totp;
    private final Clock clock;
    private final SecureRandom random = new SecureRandom();
    /** Whether a user has a second factor, read for every page when the setting makes one mandatory. */
    private final Cache<Long, Boolean> enrolled;

    @Autowired
    SecondFactorService(
            SecondFactorRepository rows,
            PasskeyRepository passkeys,
            ApplicationEventPublisher events,
            SecondFactorProperties properties,
            AccountsProperties accounts,
            @Value("${mailward.data-dir:./data}") Path dataDir) {
        this(rows, passkeys, events, properties, accounts, box(properties, dataDir), Clock.systemUTC());
    }

    SecondFactorService(
            SecondFactorRepository rows,
            PasskeyRepository passkeys,
            ApplicationEventPublisher events,
            SecondFactorProperties properties,
            AccountsProperties accounts,
            SecretBox box,
            Clock clock) {
        this.rows = rows;
        this.passkeys = passkeys;
        this.events = events;
        this.properties = properties;
        this.box = box;
        this.clock = clock;
        this.totp = new Totp(clock);
        this.enrolled = Caffeine.newBuilder()
                .maximumSize(CACHE_SIZE)
                .expireAfterWrite(accounts.scopeCacheTtl())
                .build();
    }

    private static SecretBox box(SecondFactorProperties properties, Path dataDir) {
        Path file = properties.secretKeyFile() != null ? properties.secretKeyFile() : dataDir.resolve("accounts.key");
        return new SecretBox(
                "mailward.accounts.second-factor.secret-key", properties.secretKey(), file, "TOTP keys of the users");
    }

    /** The accounts module's box (its key: {@code mailward.accounts.second-factor.secret-key}), shared by single sign-on. */
    SecretBox box() {
        return box;
    }

    @Transactional(readOnly = true)
    SecondFactorStatus status(long userId, Role role) {
        Optional<SecondFactorRepository.TotpRow> row = rows.totp(userId);
        return new SecondFactorStatus(
                row.flatMap(SecondFactorRepository.TotpRow::enrolledAt),
                rows.unusedRecoveryCodes(userId).size(),
                properties.required().requiredFor(role));
    }

    /**
     * Whether the user has a second factor, a confirmed TOTP key or a passkey (cached, evicted by changes on this
     * instance).
     */
    @Transactional(readOnly = true)
    boolean enrolled(long userId) {
        return enrolled.get(userId, id -> rows.enrolled(id) || passkeys.registered(id));
    }

    /** Whether the user has a confirmed TOTP key (and so recovery codes), the code form of the second step. */
    @Transactional(readOnly = true)
    boolean totpEnrolled(long userId) {
        return rows.enrolled(userId);
    }

    /** Whether the setting makes this user enrol before anything else. */
    boolean mustEnrol(AccessScope scope) {
        return properties.required().requiredFor(scope.role()) && !enrolled(scope.userId());
    }

    /** A new key waiting for its first code (replacing an unconfirmed one); refused when one is enrolled. */
    TotpEnrolment startEnrolment(long userId, String username) {
        String secret = Totp.base32(Totp.newSecret());
        if (!rows.savePending(userId, box.seal(secret), clock.instant())) {
            throw new AccountChangeRejected(
                    "code", "accounts.second-factor.already-enrolled", "a second factor is enrolled already");
        }
        return enrolment(username, secret);
    }

    /** The key waiting for its first code, if any. */
    @Transactional(readOnly = true)
    Optional<TotpEnrolment> pendingEnrolment(long userId, String username) {
        return rows.totp(userId)
                .filter(r -> r.enrolledAt().isEmpty())
                .map(r -> enrolment(username, box.open(r.sealedSecret())));
    }

    private TotpEnrolment enrolment(String username, String secret) {
        return new TotpEnrolment(secret, Totp.uri(properties.issuer(), username, secret));
    }

    /**
     * The first code of the waiting key: right, the key is enrolled and ten recovery codes are made (returned
     * in clear, this once).
     */
    List<String> confirmEnrolment(long userId, String username, String code) {
        SecondFactorRepository.TotpRow row = rows.totp(userId)
                .filter(r -> r.enrolledAt().isEmpty())
                .orElseThrow(() -> new AccountChangeRejected(
                        "code", "accounts.second-factor.no-enrolment", "no enrolment is waiting for a code"));
        OptionalLong step = totp.match(Totp.fromBase32(box.open(row.sealedSecret())), code, Long.MIN_VALUE);
        if (step.isEmpty() || !rows.confirm(userId, step.getAsLong(), clock.instant())) {
            throw new AccountChangeRejected("code", "accounts.second-factor.code-wrong", "wrong code");
        }
        List<String> codes = newRecoveryCodes(userId);
        audit(username, "second-factor.enrolled", username, "method=" + SecondFactorMethod.TOTP);
        evictAfterCommit(userId);
        log.info("{} enrolled a second factor (TOTP)", username);
        return codes;
    }

    /** Ten new recovery codes replace the old ones (used or not); returned in clear, this once. */
    List<String> regenerateRecoveryCodes(long userId, String username) {
        if (!rows.enrolled(userId)) {
            throw new AccountChangeRejected(
                    "code", "accounts.second-factor.not-enrolled", "no second factor is enrolled");
        }
        List<String> codes = newRecoveryCodes(userId);
        audit(username, "second-factor.recovery-codes-regenerated", username, "count=" + RECOVERY_CODES);
        return codes;
    }

    private List<String> newRecoveryCodes(long userId) {
        List<String> codes = new ArrayList<>(RECOVERY_CODES);
        List<String> hashes = new ArrayList<>(RECOVERY_CODES);
        for (int i = 0; i < RECOVERY_CODES; i++) {
            String code = randomChars(RECOVERY_HALF) + "-" + randomChars(RECOVERY_HALF);
            codes.add(code);
            byte[] salt = new byte[16];
            random.nextBytes(salt);
            hashes.add(HexFormat.of().formatHex(salt) + "$" + hash(salt, code));
        }
        rows.replaceRecoveryCodes(userId, hashes);
        return codes;
    }

    private String randomChars(int n) {
        StringBuilder sb = new StringBuilder(n);
        for (int i = 0; i < n; i++) {
            sb.append(RECOVERY_ALPHABET[random.nextInt(RECOVERY_ALPHABET.length)]);
        }
        return sb.toString();
    }

    private static String hash(byte[] salt, String code) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update(salt);
            return HexFormat.of().formatHex(sha.digest(code.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }

    /** The method a code is of, by its shape: six digits are a TOTP code, anything else a recovery code. */
    static SecondFactorMethod methodOf(String code) {
        String c = code == null ? "" : code.strip().replace(" ", "");
        return c.matches("\\d{" + Totp.DIGITS + "}") ? SecondFactorMethod.TOTP : SecondFactorMethod.RECOVERY_CODE;
    }

    /**
     * Checks a code of the second step and uses it up: a TOTP code of a step later than the last accepted
     * one, or an unused recovery code.
     */
    boolean verify(long userId, String code) {
        return switch (methodOf(code)) {
            case TOTP -> {
                Optional<SecondFactorRepository.TotpRow> row =
                        rows.totp(userId).filter(r -> r.enrolledAt().isPresent());
                if (row.isEmpty()) {
                    yield false;
                }
                OptionalLong step = totp.match(
                        Totp.fromBase32(box.open(row.get().sealedSecret())),
                        code,
                        row.get().lastUsedStep());
                yield step.isPresent() && rows.useStep(userId, step.getAsLong());
            }
            case RECOVERY_CODE -> {
                String c = code == null ? "" : code.strip().toLowerCase(Locale.ROOT);
                yield rows.unusedRecoveryCodes(userId).stream()
                        .filter(r -> matches(r.hash(), c))
                        .findFirst()
                        .map(r -> rows.useRecoveryCode(r.id(), clock.instant()))
                        .orElse(false);
            }
            // a passkey is checked by Spring Security's WebAuthn ceremony (PasskeyAuthenticationProvider), never typed
            case PASSKEY -> false;
        };
    }

    private static boolean matches(String stored, String code) {
        int sep = stored.indexOf('$');
        byte[] salt = HexFormat.of().parseHex(stored, 0, sep);
        return MessageDigest.isEqual(
                stored.substring(sep + 1).getBytes(StandardCharsets.US_ASCII),
                hash(salt, code).getBytes(StandardCharsets.US_ASCII));
    }

    /** The audit entry of a second step. */
    void secondStepAudited(String username, String address, SecondFactorMethod method, boolean passed) {
        events.publishEvent(new AuditableAction(
                username,
                address,
                passed ? "login.second-factor.succeeded" : "login.second-factor.failed",
                "user:" + username,
                "method=" + method));
    }

    /** An admin removed the user's second factor (TOTP key, recovery codes and passkeys); the user may enrol again. */
    boolean reset(long userId, String username, String actor) {
        boolean had = rows.delete(userId);
        int removedPasskeys = passkeys.deleteAll(username);
        List<String> methods = new ArrayList<>();
        if (had) {
            methods.add("method=" + SecondFactorMethod.TOTP);
        }
        if (removedPasskeys > 0) {
            methods.add("method=" + SecondFactorMethod.PASSKEY + " passkeys=" + removedPasskeys);
        }
        audit(actor, "second-factor.reset", username, methods.isEmpty() ? "none enrolled" : String.join(" ", methods));
        evictAfterCommit(userId);
        log.info("{} reset the second factor of {}", actor, username);
        return had || removedPasskeys > 0;
    }

    private void audit(String actor, String action, String username, String detail) {
        events.publishEvent(new AuditableAction(actor, null, action, "user:" + username, detail));
    }

    /** A passkey of the user was registered or removed: the cached answer of {@link #enrolled} is stale. */
    void evictAfterCommit(long userId) {
        if (TransactionSynchronizationManager.isSynchronizationActive()) {
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                @Override
                public void afterCommit() {
                    enrolled.invalidate(userId);
                }
            });
        } else {
            enrolled.invalidate(userId);
        }
    }
}
