package dev.mailward.accounts;

import dev.mailward.shared.AuditableAction;
import dev.mailward.shared.PasskeyChainContribution;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.JdbcOperations;
import org.springframework.security.authentication.ProviderManager;
import org.springframework.security.config.ObjectPostProcessor;
import org.springframework.security.web.authentication.AuthenticationFailureHandler;
import org.springframework.security.web.authentication.AuthenticationSuccessHandler;
import org.springframework.security.web.authentication.HttpMessageConverterAuthenticationSuccessHandler;
import org.springframework.security.web.authentication.session.ChangeSessionIdAuthenticationStrategy;
import org.springframework.security.web.webauthn.api.AuthenticatorSelectionCriteria;
import org.springframework.security.web.webauthn.api.PublicKeyCredentialRpEntity;
import org.springframework.security.web.webauthn.api.ResidentKeyRequirement;
import org.springframework.security.web.webauthn.api.UserVerificationRequirement;
import org.springframework.security.web.webauthn.authentication.WebAuthnAuthenticationFilter;
import org.springframework.security.web.webauthn.management.JdbcPublicKeyCredentialUserEntityRepository;
import org.springframework.security.web.webauthn.management.JdbcUserCredentialRepository;
import org.springframework.security.web.webauthn.management.PublicKeyCredentialUserEntityRepository;
import org.springframework.security.web.webauthn.management.UserCredentialRepository;
import org.springframework.security.web.webauthn.management.WebAuthnRelyingPartyOperations;
import org.springframework.security.web.webauthn.management.Webauthn4JRelyingPartyOperations;

/**
 * Passkeys through Spring Security's WebAuthn support, stored in PostgreSQL (V36, Spring Security's JDBC
 * repositories). Spring Security serves the ceremonies: {@code POST /webauthn/register/options} and
 * {@code /webauthn/register} (a signed-in user registers a passkey), {@code POST /webauthn/authenticate/options}
 * and {@code /login/webauthn} (a sign-in). The console adds: user verification required (a passkey is a
 * possession and a PIN or biometric, so it is a sign-in of its own and a second factor), the
 * {@link PasskeyAuthenticationProvider} (throttle, account checks, {@link AccountPrincipal}), and the outcome of
 * a sign-in as after a password (session id changed, the sign-in recorded and described for the sessions list,
 * a pending password step ended).
 */
@Configuration(proxyBeanMethods = false)
class PasskeySecurityConfiguration {

    @Bean
    PublicKeyCredentialUserEntityRepository passkeyUserEntities(JdbcOperations jdbc) {
        return new JdbcPublicKeyCredentialUserEntityRepository(jdbc);
    }

    @Bean
    UserCredentialRepository passkeyCredentials(
            JdbcOperations jdbc,
            PasskeyRepository passkeys,
            AccountService accounts,
            SecondFactorService secondFactors,
            ApplicationEventPublisher events) {
        return new AuditedUserCredentials(
                new JdbcUserCredentialRepository(jdbc), passkeys, accounts, secondFactors, events);
    }

    @Bean
    WebAuthnRelyingPartyOperations passkeyRelyingParty(
            PublicKeyCredentialUserEntityRepository userEntities,
            UserCredentialRepository credentials,
            PasskeyProperties properties,
            @Value("${mailward.public-url:http://localhost:8080}") String publicUrl) {
        String rpId = properties.rpIdOr(publicUrl);
        Webauthn4JRelyingPartyOperations operations = new Webauthn4JRelyingPartyOperations(
                userEntities,
                credentials,
                PublicKeyCredentialRpEntity.builder()
                        .id(rpId)
                        .name(properties.rpName())
                        .build(),
                properties.allowedOriginsOr(publicUrl));
        operations.setCustomizeCreationOptions(
                options -> options.authenticatorSelection(AuthenticatorSelectionCriteria.builder()
                        .userVerification(UserVerificationRequirement.REQUIRED)
                        .residentKey(ResidentKeyRequirement.REQUIRED)
                        .build()));
        operations.setCustomizeRequestOptions(
                options -> options.userVerification(UserVerificationRequirement.REQUIRED));
        return operations;
    }

    @Bean
    PasskeyChainContribution passkeyChainContribution(
            WebAuthnRelyingPartyOperations relyingParty,
            PasskeyRepository passkeys,
            LoginAttempts attempts,
            AccountService accounts,
            ApplicationEventPublisher events) {
        PasskeyAuthenticationProvider provider =
                new PasskeyAuthenticationProvider(relyingParty, passkeys, attempts, accounts, events);
        return new PasskeyChainContribution(webAuthn -> webAuthn.disableDefaultRegistrationPage(true)
                .creationOptionsRepository(new SessionCreationOptions())
                .withObjectPostProcessor(new ObjectPostProcessor<WebAuthnAuthenticationFilter>() {
                    @Override
                    public <O extends WebAuthnAuthenticationFilter> O postProcess(O filter) {
                        filter.setAuthenticationManager(new ProviderManager(provider));
                        filter.setSessionAuthenticationStrategy(new ChangeSessionIdAuthenticationStrategy());
                        filter.setAuthenticationSuccessHandler(signedIn(attempts, events));
                        filter.setAuthenticationFailureHandler(refused());
                        return filter;
                    }
                }));
    }

    /**
     * A passkey sign-in passed: a password step waiting in this session ends (the passkey was its second step when
     * it is the same account's, or a sign-in of its own), the sign-in is recorded, audited and described for the
     * sessions list, and the page learns where to go (JSON, Spring Security's {@code redirectUrl}).
     */
    private static AuthenticationSuccessHandler signedIn(LoginAttempts attempts, ApplicationEventPublisher events) {
        HttpMessageConverterAuthenticationSuccessHandler json = new HttpMessageConverterAuthenticationSuccessHandler();
        return (request, response, authentication) -> {
            AccountPrincipal p = (AccountPrincipal) authentication.getPrincipal();
            HttpSession session = request.getSession();
            boolean secondStep = session.getAttribute(PendingSignIn.ATTRIBUTE) instanceof PendingSignIn pending
                    && pending.userId() == p.userId()
                    && !pending.expired(Clock.systemUTC().instant());
            session.removeAttribute(PendingSignIn.ATTRIBUTE);
            String address = PasskeyAuthenticationProvider.currentAddress();
            events.publishEvent(new AuditableAction(
                    p.getUsername(),
                    address,
                    "login.passkey.succeeded",
                    "user:" + p.getUsername(),
                    "method=" + SecondFactorMethod.PASSKEY + (secondStep ? " after=password" : " password-less")));
            attempts.interactiveLogin(p.userId(), address);
            AccountSessions.describeAtSignIn(request);
            json.onAuthenticationSuccess(request, response, authentication);
        };
    }

    /** A refused passkey: 401 and, when the throttle blocked the account or address, the login page that says so. */
    private static AuthenticationFailureHandler refused() {
        return (request, response, ex) -> {
            String target = ex instanceof LoginThrottledException t ? t.loginPage(Instant.now()) : "/login?error";
            response.setStatus(HttpServletResponse.SC_UNAUTHORIZED);
            response.setContentType(MediaType.APPLICATION_JSON_VALUE);
            response.setCharacterEncoding(StandardCharsets.UTF_8.name());
            response.getWriter()
                    .write("{\"authenticated\":false,\"redirectUrl\":\"" + request.getContextPath() + target + "\"}");
        };
    }
}
