package dev.mailward.audit;

import dev.mailward.accounts.AccountLocked;
import dev.mailward.accounts.AccountLoginsDelayed;
import dev.mailward.accounts.ApiTokenCreated;
import dev.mailward.accounts.ApiTokenRevoked;
import dev.mailward.accounts.LoginFailed;
import dev.mailward.accounts.LoginSucceeded;
import dev.mailward.accounts.LoginsRefused;
import dev.mailward.accounts.SourceAddressBlocked;
import dev.mailward.accounts.TeamChanged;
import dev.mailward.accounts.UserChanged;
import dev.mailward.accounts.UserCreated;
import dev.mailward.shared.AuditableAction;
import org.springframework.context.event.EventListener;
import org.springframework.modulith.events.ApplicationModuleListener;
import org.springframework.stereotype.Component;

/**
 * Writes the accounts module's events into the audit log. Changes made by a user (users, teams,
 * tokens, and the generic {@link AuditableAction}) are written synchronously, in the transaction
 * that made the change: the entry commits or rolls back with it, and the request's client
 * address is at hand. Login events carry their address and are written after their transaction.
 */
@Component
class AccountsAuditListener {

    private final AuditLog log;

    AccountsAuditListener(AuditLog log) {
        this.log = log;
    }

    @EventListener
    void on(UserCreated e) {
        log.append(new AuditableAction(e.actor(), null, "user.created", "user:" + e.username(), "role=" + e.role()));
    }

    @EventListener
    void on(UserChanged e) {
        log.append(new AuditableAction(e.actor(), null, "user.changed", "user:" + e.username(), e.change()));
    }

    @EventListener
    void on(TeamChanged e) {
        log.append(new AuditableAction(
                e.actor(),
                null,
                "team." + (e.change().equals("created") ? "created" : "renamed"),
                "team:" + e.name(),
                e.change()));
    }

    @EventListener
    void on(ApiTokenCreated e) {
        log.append(new AuditableAction(
                e.actor(),
                null,
                "token.created",
                "token:mw_" + e.prefix(),
                "name=" + e.name() + " role=" + e.role() + " owner=" + e.ownerUsername() + " expires="
                        + e.expiresAt()));
    }

    @EventListener
    void on(ApiTokenRevoked e) {
        log.append(new AuditableAction(
                e.actor(),
                null,
                "token.revoked",
                "token:mw_" + e.prefix(),
                "name=" + e.name() + " owner=" + e.ownerUsername()));
    }

    @ApplicationModuleListener
    void on(LoginSucceeded e) {
        log.append(new AuditableAction(
                e.username(), e.sourceAddress(), "login.succeeded", "user:" + e.username(), "method=" + e.method()));
    }

    @ApplicationModuleListener
    void on(LoginFailed e) {
        log.append(new AuditableAction(
                e.username(),
                e.sourceAddress(),
                "login.failed",
                "user:" + e.username(),
                "reason=" + e.reason() + (e.userId() == null ? " (no such user)" : "") + " method=" + e.method()));
    }

    @ApplicationModuleListener
    void on(AccountLocked e) {
        log.append(new AuditableAction(
                e.username(), e.sourceAddress(), "account.locked", "user:" + e.username(), "until=" + e.lockedUntil()));
    }

    @ApplicationModuleListener
    void on(AccountLoginsDelayed e) {
        log.append(new AuditableAction(
                e.username(),
                e.sourceAddress(),
                "account.delayed",
                "user:" + e.username(),
                "failures=" + e.failures() + " until=" + e.delayedUntil()));
    }

    /** One entry per address and minute for attempts refused without a password check, not one per request. */
    @ApplicationModuleListener
    void on(LoginsRefused e) {
        String names = String.join(", ", e.usernames())
                + (e.otherNameAttempts() > 0 ? " and " + e.otherNameAttempts() + " attempts with other names" : "");
        String address = SourceAddresses.text(e.sourceAddress());
        log.append(new AuditableAction(
                "system",
                address,
                "login.refused",
                "address:" + address,
                e.attempts() + " refused attempts from " + address + " between " + e.first() + " and " + e.last()
                        + " (user names: " + names + "); no password was checked"));
    }

    @ApplicationModuleListener
    void on(SourceAddressBlocked e) {
        String address = SourceAddresses.text(e.sourceAddress());
        log.append(new AuditableAction(
                "system", address, "address.blocked", "address:" + address, "until=" + e.blockedUntil()));
    }

    @EventListener
    void on(AuditableAction e) {
        log.append(e);
    }
}
