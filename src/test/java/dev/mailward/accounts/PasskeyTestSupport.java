package dev.mailward.accounts;

import java.time.Instant;
import org.springframework.security.web.webauthn.api.Bytes;
import org.springframework.security.web.webauthn.api.ImmutableCredentialRecord;
import org.springframework.security.web.webauthn.api.ImmutablePublicKeyCose;
import org.springframework.security.web.webauthn.api.ImmutablePublicKeyCredentialUserEntity;
import org.springframework.security.web.webauthn.api.PublicKeyCredentialType;
import org.springframework.security.web.webauthn.management.PublicKeyCredentialUserEntityRepository;
import org.springframework.security.web.webauthn.management.UserCredentialRepository;
import org.springframework.stereotype.Component;

/**
 * Stores a passkey for a user through the application's own repositories (Spring Security's JDBC ones, the
 * credentials behind the console's audit), as a registration would leave it: for tests that need an account
 * with a passkey but not the browser ceremony ({@code PasskeyBrowserTests} runs that).
 */
@Component
class PasskeyTestSupport {

    private final PublicKeyCredentialUserEntityRepository userEntities;
    private final UserCredentialRepository credentials;

    PasskeyTestSupport(PublicKeyCredentialUserEntityRepository userEntities, UserCredentialRepository credentials) {
        this.userEntities = userEntities;
        this.credentials = credentials;
    }

    /** A stored passkey of the user; its credential id (base64url). */
    String register(UserView user, String label) {
        var entity = userEntities.findByUsername(user.username());
        if (entity == null) {
            entity = ImmutablePublicKeyCredentialUserEntity.builder()
                    .id(Bytes.random())
                    .name(user.username())
                    .displayName(user.username())
                    .build();
            userEntities.save(entity);
        }
        Bytes id = Bytes.random();
        credentials.save(ImmutableCredentialRecord.builder()
                .credentialId(id)
                .userEntityUserId(entity.getId())
                .credentialType(PublicKeyCredentialType.PUBLIC_KEY)
                .publicKey(new ImmutablePublicKeyCose(new byte[] {1, 2, 3}))
                .signatureCount(0)
                .uvInitialized(true)
                .backupEligible(false)
                .backupState(false)
                .created(Instant.now())
                .lastUsed(Instant.now())
                .label(label)
                .build());
        return id.toBase64UrlString();
    }
}
