package dev.mailward.shared;

import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.WebAuthnConfigurer;

/**
 * What the accounts module adds to the session chain for passkeys: Spring Security's WebAuthn support
 * ({@code http.webAuthn(...)}: relying party, the sign-in's provider and outcome handling).
 *
 * @param webAuthn the configuration of {@code http.webAuthn(...)}
 */
public record PasskeyChainContribution(Customizer<WebAuthnConfigurer<HttpSecurity>> webAuthn) {}
