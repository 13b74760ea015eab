package dev.mailward.accounts;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import java.io.Serial;
import java.io.Serializable;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.springframework.security.web.webauthn.api.AuthenticatorSelectionCriteria;
import org.springframework.security.web.webauthn.api.Bytes;
import org.springframework.security.web.webauthn.api.PublicKeyCredentialCreationOptions;
import org.springframework.security.web.webauthn.api.PublicKeyCredentialParameters;
import org.springframework.security.web.webauthn.api.PublicKeyCredentialRpEntity;
import org.springframework.security.web.webauthn.api.PublicKeyCredentialUserEntity;
import org.springframework.security.web.webauthn.api.ResidentKeyRequirement;
import org.springframework.security.web.webauthn.api.UserVerificationRequirement;
import org.springframework.security.web.webauthn.registration.PublicKeyCredentialCreationOptionsRepository;

/**
 * Keeps the options of a passkey registration in the session between {@code /webauthn/register/options} and
 * {@code /webauthn/register}. Spring Security's session repository stores the options object itself, which is
 * not {@link Serializable}, and console sessions live in PostgreSQL (Java serialization): this one stores what
 * the registration's verification reads (relying party, user, challenge, algorithms, user verification and
 * resident key requirements) as a serializable {@link Saved}, and rebuilds the options from it.
 */
final class SessionCreationOptions implements PublicKeyCredentialCreationOptionsRepository {

    static final String ATTRIBUTE = SessionCreationOptions.class.getName();

    private static final Map<Long, PublicKeyCredentialParameters> ALGORITHMS = Stream.of(
                    PublicKeyCredentialParameters.EdDSA,
                    PublicKeyCredentialParameters.ES256,
                    PublicKeyCredentialParameters.ES384,
                    PublicKeyCredentialParameters.ES512,
                    PublicKeyCredentialParameters.RS256,
                    PublicKeyCredentialParameters.RS384,
                    PublicKeyCredentialParameters.RS512,
                    PublicKeyCredentialParameters.RS1)
            .collect(Collectors.toUnmodifiableMap(p -> p.getAlg().getValue(), Function.identity()));

    /** The serializable part of the options that the registration's verification reads. */
    record Saved(
            String rpId,
            String rpName,
            PublicKeyCredentialUserEntity user,
            Bytes challenge,
            List<Long> algorithms,
            Duration timeout,
            String userVerification,
            String residentKey)
            implements Serializable {

        @Serial
        private static final long serialVersionUID = 1L;
    }

    @Override
    public void save(
            HttpServletRequest request, HttpServletResponse response, PublicKeyCredentialCreationOptions options) {
        if (options == null) {
            HttpSession session = request.getSession(false);
            if (session != null) {
                session.removeAttribute(ATTRIBUTE);
            }
            return;
        }
        request.getSession()
                .setAttribute(
                        ATTRIBUTE,
                        new Saved(
                                options.getRp().getId(),
                                options.getRp().getName(),
                                options.getUser(),
                                options.getChallenge(),
                                options.getPubKeyCredParams().stream()
                                        .map(p -> p.getAlg().getValue())
                                        .toList(),
                                options.getTimeout(),
                                options.getAuthenticatorSelection().getUserVerification() == null
                                        ? null
                                        : options.getAuthenticatorSelection()
                                                .getUserVerification()
                                                .getValue(),
                                options.getAuthenticatorSelection().getResidentKey() == null
                                        ? null
                                        : options.getAuthenticatorSelection()
                                                .getResidentKey()
                                                .getValue()));
    }

    @Override
    public PublicKeyCredentialCreationOptions load(HttpServletRequest request) {
        HttpSession session = request.getSession(false);
        if (session == null || !(session.getAttribute(ATTRIBUTE) instanceof Saved saved)) {
            return null;
        }
        AuthenticatorSelectionCriteria.AuthenticatorSelectionCriteriaBuilder selection =
                AuthenticatorSelectionCriteria.builder();
        if (saved.userVerification() != null) {
            selection.userVerification(userVerification(saved.userVerification()));
        }
        if (saved.residentKey() != null) {
            selection.residentKey(ResidentKeyRequirement.valueOf(saved.residentKey()));
        }
        PublicKeyCredentialCreationOptions.PublicKeyCredentialCreationOptionsBuilder options =
                PublicKeyCredentialCreationOptions.builder()
                        .rp(PublicKeyCredentialRpEntity.builder()
                                .id(saved.rpId())
                                .name(saved.rpName())
                                .build())
                        .user(saved.user())
                        .challenge(saved.challenge())
                        .pubKeyCredParams(saved.algorithms().stream()
                                .map(ALGORITHMS::get)
                                .filter(p -> p != null)
                                .toList())
                        .authenticatorSelection(selection.build());
        if (saved.timeout() != null) {
            options.timeout(saved.timeout());
        }
        return options.build();
    }

    private static UserVerificationRequirement userVerification(String value) {
        return switch (value) {
            case "required" -> UserVerificationRequirement.REQUIRED;
            case "discouraged" -> UserVerificationRequirement.DISCOURAGED;
            default -> UserVerificationRequirement.PREFERRED;
        };
    }
}
