package dev.mailward.accounts;

import dev.mailward.shared.AuditableAction;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * The signed-in user's passkeys, for the account page: the list (name, registered, last used) and removal
 * (audited). Registration itself is Spring Security's WebAuthn ceremony ({@code /webauthn/register}, see
 * {@link PasskeySecurityConfiguration}); an admin's reset of the second factor removes them too.
 */
@Component
public class Passkeys {

    private static final Logger log = LoggerFactory.getLogger(Passkeys.class);

    private final PasskeyRepository rows;
    private final SecondFactorService secondFactors;
    private final ApplicationEventPublisher events;

    Passkeys(PasskeyRepository rows, SecondFactorService secondFactors, ApplicationEventPublisher events) {
        this.rows = rows;
        this.secondFactors = secondFactors;
        this.events = events;
    }

    /** The signed-in user's passkeys, oldest first. */
    @PreAuthorize("isAuthenticated()")
    @Transactional(readOnly = true)
    public List<PasskeyView> mine() {
        return rows.list(CurrentUser.scope().username());
    }

    /**
     * Removes one of the signed-in user's passkeys; audited.
     *
     * @throws AccountChangeRejected when the user has no passkey of that id
     */
    @PreAuthorize("isAuthenticated()")
    @Transactional
    public void remove(String id) {
        AccessScope me = CurrentUser.scope();
        String label = rows.label(id).orElse("");
        if (!rows.delete(id, me.username())) {
            throw new AccountChangeRejected("passkey", "accounts.passkeys.not-found", "no such passkey");
        }
        events.publishEvent(new AuditableAction(
                me.username(),
                null,
                "passkey.removed",
                "user:" + me.username(),
                "method=" + SecondFactorMethod.PASSKEY + " label=" + label));
        secondFactors.evictAfterCommit(me.userId());
        log.info("{} removed a passkey", me.username());
    }

    /** Whether the account of a sign-in waiting for its second step has a passkey (the step page offers it). */
    @Transactional(readOnly = true)
    public boolean offeredAtSecondStep(PendingSignIn pending) {
        return rows.registered(pending.userId());
    }
}
