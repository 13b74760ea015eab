package dev.mailward.audit;

import dev.mailward.accounts.AccountLocked;
import dev.mailward.accounts.LoginFailed;
import dev.mailward.accounts.LoginSucceeded;
import dev.mailward.accounts.SourceAddressBlocked;
import dev.mailward.accounts.TeamChanged;
import dev.mailward.accounts.UserChanged;
import dev.mailward.accounts.UserCreated;
import org.springframework.modulith.events.ApplicationModuleListener;
import org.springframework.stereotype.Component;

/** Writes the accounts module's events into the audit log (after their transaction committed). */
@Component
class AccountsAuditListener {

    private final AuditLog log;

    AccountsAuditListener(AuditLog log) {
        this.log = log;
    }

    @ApplicationModuleListener
    void on(UserCreated e) {
        log.append(new AuditableAction(e.actor(), null, "user.created", "user:" + e.username(), "role=" + e.role()));
    }

    @ApplicationModuleListener
    void on(UserChanged e) {
        log.append(new AuditableAction(e.actor(), null, "user.changed", "user:" + e.username(), e.change()));
    }

    @ApplicationModuleListener
    void on(TeamChanged e) {
        log.append(new AuditableAction(e.actor(), null, "team." + (e.change().equals("created") ? "created" : "renamed"),
                "team:" + e.name(), e.change()));
    }

    @ApplicationModuleListener
    void on(LoginSucceeded e) {
        log.append(new AuditableAction(e.username(), e.sourceAddress(), "login.succeeded", "user:" + e.username(), null));
    }

    @ApplicationModuleListener
    void on(LoginFailed e) {
        log.append(new AuditableAction(e.username(), e.sourceAddress(), "login.failed", "user:" + e.username(),
                "reason=" + e.reason() + (e.userId() == null ? " (no such user)" : "")));
    }

    @ApplicationModuleListener
    void on(AccountLocked e) {
        log.append(new AuditableAction(e.username(), e.sourceAddress(), "account.locked", "user:" + e.username(),
                "until=" + e.lockedUntil()));
    }

    @ApplicationModuleListener
    void on(SourceAddressBlocked e) {
        log.append(new AuditableAction("system", e.sourceAddress(), "address.blocked", "address:" + e.sourceAddress(),
                "until=" + e.blockedUntil()));
    }

    @ApplicationModuleListener
    void on(AuditableAction e) {
        log.append(e);
    }
}
