package dev.mailward.accounts;

import dev.mailward.shared.SecretBox;
import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectInputFilter;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.time.Duration;
import java.util.Base64;
import java.util.Optional;
import org.springframework.http.ResponseCookie;
import org.springframework.security.oauth2.client.web.AuthorizationRequestRepository;
import org.springframework.security.oauth2.core.endpoint.OAuth2AuthorizationRequest;
import org.springframework.security.oauth2.core.endpoint.OAuth2ParameterNames;

/**
 * Keeps a single sign-on's authorization request (state, nonce, PKCE verifier) between the redirect to the
 * provider and its answer in a cookie of its own, encrypted and authenticated (the accounts module's
 * {@link SecretBox}), {@code SameSite=Lax}, for {@value #MAX_AGE_MINUTES} minutes. Not in the session: the
 * session cookie is {@code SameSite=Strict}, so a browser coming back from a provider on another site does not
 * send it; a {@code Lax} cookie is sent on that top-level navigation. The cookie ties the answer to the browser
 * that started the sign-on (the {@code state} must match), and every console replica sharing the key can read it.
 */
final class OidcAuthorizationRequests implements AuthorizationRequestRepository<OAuth2AuthorizationRequest> {

    static final String COOKIE = "MAILWARD_SSO";
    static final int MAX_AGE_MINUTES = 10;

    /** What the cookie may deserialize into: the request and the JDK types of its fields. */
    private static final ObjectInputFilter ALLOWED = ObjectInputFilter.Config.createFilter(
            "maxbytes=16384;maxdepth=10;org.springframework.security.oauth2.core.endpoint.*;"
                    + "org.springframework.security.oauth2.core.*;java.util.*;java.lang.*;!*");

    private final SecretBox box;

    OidcAuthorizationRequests(SecretBox box) {
        this.box = box;
    }

    @Override
    public OAuth2AuthorizationRequest loadAuthorizationRequest(HttpServletRequest request) {
        String state = request.getParameter(OAuth2ParameterNames.STATE);
        if (state == null) {
            return null;
        }
        return read(request).filter(r -> state.equals(r.getState())).orElse(null);
    }

    @Override
    public void saveAuthorizationRequest(
            OAuth2AuthorizationRequest authorizationRequest, HttpServletRequest request, HttpServletResponse response) {
        if (authorizationRequest == null) {
            write(request, response, "", Duration.ZERO);
            return;
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(authorizationRequest);
        } catch (IOException e) {
            throw new IllegalStateException("an authorization request is serializable", e);
        }
        String value = box.seal(Base64.getEncoder().encodeToString(bytes.toByteArray()));
        write(request, response, value, Duration.ofMinutes(MAX_AGE_MINUTES));
    }

    @Override
    public OAuth2AuthorizationRequest removeAuthorizationRequest(
            HttpServletRequest request, HttpServletResponse response) {
        OAuth2AuthorizationRequest loaded = loadAuthorizationRequest(request);
        if (loaded != null) {
            write(request, response, "", Duration.ZERO);
        }
        return loaded;
    }

    private Optional<OAuth2AuthorizationRequest> read(HttpServletRequest request) {
        if (request.getCookies() == null) {
            return Optional.empty();
        }
        for (Cookie cookie : request.getCookies()) {
            if (COOKIE.equals(cookie.getName()) && !cookie.getValue().isEmpty()) {
                try {
                    byte[] bytes = Base64.getDecoder().decode(box.open(cookie.getValue()));
                    try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes))) {
                        in.setObjectInputFilter(ALLOWED);
                        return Optional.of((OAuth2AuthorizationRequest) in.readObject());
                    }
                } catch (RuntimeException | IOException | ClassNotFoundException e) {
                    // sealed under another key, or not ours: as if there were none
                    return Optional.empty();
                }
            }
        }
        return Optional.empty();
    }

    private static void write(HttpServletRequest request, HttpServletResponse response, String value, Duration age) {
        String path = request.getContextPath().isEmpty() ? "/" : request.getContextPath();
        response.addHeader(
                "Set-Cookie",
                ResponseCookie.from(COOKIE, value)
                        .path(path)
                        .httpOnly(true)
                        .secure(request.isSecure())
                        .sameSite("Lax")
                        .maxAge(age)
                        .build()
                        .toString());
    }
}
