package dev.mailward.accounts;

/**
 * An OpenID provider the login page offers a "Sign in with …" button for: one Spring Boot client registration
 * ({@code spring.security.oauth2.client.registration.<id>.*}).
 *
 * @param registrationId the registration's id, part of the sign-in address {@code /oauth2/authorization/<id>}
 * @param clientName the name the button shows ({@code client-name}, else the id)
 */
public record SingleSignOnProvider(String registrationId, String clientName) {}
