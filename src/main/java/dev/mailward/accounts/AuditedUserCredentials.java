package dev.mailward.accounts;

import dev.mailward.shared.AuditableAction;
import java.util.List;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.security.web.webauthn.api.Bytes;
import org.springframework.security.web.webauthn.api.CredentialRecord;
import org.springframework.security.web.webauthn.management.JdbcUserCredentialRepository;
import org.springframework.security.web.webauthn.management.UserCredentialRepository;

/**
 * Spring Security's JDBC store of passkeys (V36's {@code user_credentials}), with the console's part: a passkey
 * saved for the first time (its registration through {@code POST /webauthn/register}) is audited and makes the
 * account one with a second factor at once. Saves of a known passkey (its counter and last use after a
 * sign-in) pass through unaudited.
 */
final class AuditedUserCredentials implements UserCredentialRepository {

    private final JdbcUserCredentialRepository delegate;
    private final PasskeyRepository passkeys;
    private final AccountService accounts;
    private final SecondFactorService secondFactors;
    private final ApplicationEventPublisher events;

    AuditedUserCredentials(
            JdbcUserCredentialRepository delegate,
            PasskeyRepository passkeys,
            AccountService accounts,
            SecondFactorService secondFactors,
            ApplicationEventPublisher events) {
        this.delegate = delegate;
        this.passkeys = passkeys;
        this.accounts = accounts;
        this.secondFactors = secondFactors;
        this.events = events;
    }

    @Override
    public void save(CredentialRecord record) {
        boolean registration = delegate.findByCredentialId(record.getCredentialId()) == null;
        delegate.save(record);
        if (registration) {
            String username = passkeys.ownerOfHandle(
                            record.getUserEntityUserId().toBase64UrlString())
                    .orElse("unknown");
            events.publishEvent(new AuditableAction(
                    username,
                    null,
                    "passkey.registered",
                    "user:" + username,
                    "method=" + SecondFactorMethod.PASSKEY + " label=" + record.getLabel()));
            accounts.findUser(username).ifPresent(u -> secondFactors.evictAfterCommit(u.id()));
        }
    }

    @Override
    public void delete(Bytes credentialId) {
        delegate.delete(credentialId);
    }

    @Override
    public CredentialRecord findByCredentialId(Bytes credentialId) {
        return delegate.findByCredentialId(credentialId);
    }

    @Override
    public List<CredentialRecord> findByUserId(Bytes userId) {
        return delegate.findByUserId(userId);
    }
}
