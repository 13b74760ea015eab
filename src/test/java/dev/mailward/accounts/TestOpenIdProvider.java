package dev.mailward.accounts;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.autoconfigure.context.PropertyPlaceholderAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.http.converter.autoconfigure.HttpMessageConvertersAutoConfiguration;
import org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration;
import org.springframework.boot.security.autoconfigure.SecurityAutoConfiguration;
import org.springframework.boot.security.autoconfigure.web.servlet.SecurityFilterAutoConfiguration;
import org.springframework.boot.security.autoconfigure.web.servlet.ServletWebSecurityAutoConfiguration;
import org.springframework.boot.security.oauth2.server.authorization.autoconfigure.servlet.OAuth2AuthorizationServerAutoConfiguration;
import org.springframework.boot.security.oauth2.server.authorization.autoconfigure.servlet.OAuth2AuthorizationServerJwtAutoConfiguration;
import org.springframework.boot.tomcat.autoconfigure.servlet.TomcatServletWebServerAutoConfiguration;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.boot.webmvc.autoconfigure.DispatcherServletAutoConfiguration;
import org.springframework.boot.webmvc.autoconfigure.WebMvcAutoConfiguration;
import org.springframework.boot.webmvc.autoconfigure.error.ErrorMvcAutoConfiguration;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.oauth2.server.authorization.token.JwtEncodingContext;
import org.springframework.security.oauth2.server.authorization.token.OAuth2TokenCustomizer;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;

/**
 * A real OpenID provider on loopback for the single sign-on tests: Spring Authorization Server in a small
 * Spring application of its own (its own Tomcat on a free port, the issuer the address it is asked under, Spring Boot's authorization server
 * configuration: discovery, JWKS from a key generated at start, authorization code with PKCE, ID tokens), with
 * in-memory users whose ID tokens carry their {@code groups} and {@code mailward_teams} claims as the test sets
 * them ({@link #setGroups}, {@link #setClaims}). One client, {@value #CLIENT_ID}, may come back to {@code http://127.0.0.1} on any
 * port (loopback redirect, RFC 8252). Deliberately no {@code @Configuration}: the console's component scan must
 * not pick it up.
 */
final class TestOpenIdProvider implements AutoCloseable {

    static final String CLIENT_ID = "mailward-console";
    static final String CLIENT_SECRET = "console-secret-for-tests";
    static final String PASSWORD = "idp password";

    /** Claims per user name: what the provider puts into the next ID token. */
    private static final Map<String, Map<String, Object>> CLAIMS = new ConcurrentHashMap<>();

    private final ConfigurableApplicationContext context;
    private final String issuer;

    private TestOpenIdProvider(ConfigurableApplicationContext context, String host) {
        this.context = context;
        int port = ((WebServerApplicationContext) context).getWebServer().getPort();
        this.issuer = "http://" + host + ":" + port;
    }

    /**
     * Starts the provider; its issuer is {@code http://<host>:<port>} ({@code localhost}, a site other than the
     * console's {@code 127.0.0.1}, as a real provider is).
     */
    static TestOpenIdProvider start(String host, String... usernames) {
        String client = "spring.security.oauth2.authorizationserver.client.console.";
        ConfigurableApplicationContext context = new SpringApplicationBuilder(Application.class)
                .web(WebApplicationType.SERVLET)
                .properties(Map.of("spring.config.location", "optional:file:/nonexistent/"))
                .properties(
                        "server.port=0",
                        "spring.main.banner-mode=off",
                        "spring.jmx.enabled=false",
                        client + "registration.client-id=" + CLIENT_ID,
                        client + "registration.client-secret={noop}" + CLIENT_SECRET,
                        client + "registration.client-authentication-methods=client_secret_basic",
                        client + "registration.authorization-grant-types=authorization_code",
                        client + "registration.redirect-uris=http://127.0.0.1/login/oauth2/code/test-idp",
                        client + "registration.scopes=openid,profile",
                        client + "require-authorization-consent=false")
                .run();
        return new TestOpenIdProvider(context, host);
    }

    String issuer() {
        return issuer;
    }

    /** What the next ID token of {@code username} says about their groups and teams. */
    static void setGroups(String username, List<String> groups, List<String> teams) {
        CLAIMS.put(username, Map.of("groups", List.copyOf(groups), "mailward_teams", List.copyOf(teams)));
    }

    /**
     * What the next ID token of {@code username} says: its groups and further claims ({@code email},
     * {@code email_verified}, a {@code preferred_username} other than the user name).
     */
    static void setClaims(String username, List<String> groups, Map<String, Object> claims) {
        Map<String, Object> all = new HashMap<>(claims);
        all.put("groups", List.copyOf(groups));
        CLAIMS.put(username, Map.copyOf(all));
    }

    /** The provider's application: Spring Boot's authorization server, the users and their claims. */
    @ImportAutoConfiguration({
        PropertyPlaceholderAutoConfiguration.class,
        TomcatServletWebServerAutoConfiguration.class,
        DispatcherServletAutoConfiguration.class,
        WebMvcAutoConfiguration.class,
        ErrorMvcAutoConfiguration.class,
        HttpMessageConvertersAutoConfiguration.class,
        JacksonAutoConfiguration.class,
        SecurityAutoConfiguration.class,
        ServletWebSecurityAutoConfiguration.class,
        SecurityFilterAutoConfiguration.class,
        OAuth2AuthorizationServerAutoConfiguration.class,
        OAuth2AuthorizationServerJwtAutoConfiguration.class
    })
    static class Application {

        @Bean
        UserDetailsService idpUsers() {
            InMemoryUserDetailsManager users = new InMemoryUserDetailsManager();
            for (String name : List.of(
                    "sso-admin",
                    "sso-operator",
                    "sso-nobody",
                    "sso-precreated",
                    "sso-stranger",
                    "sso-impostor",
                    "sso-by-mail",
                    "glass-sso")) {
                users.createUser(User.withUsername(name)
                        .password("{noop}" + PASSWORD)
                        .roles("USER")
                        .build());
            }
            return users;
        }

        /** The users' groups and teams, their user name and name, in the ID token. */
        @Bean
        OAuth2TokenCustomizer<JwtEncodingContext> idTokenClaims() {
            return context -> {
                if (!"id_token".equals(context.getTokenType().getValue())) {
                    return;
                }
                String name = context.getPrincipal().getName();
                context.getClaims().claim("preferred_username", name).claim("name", "SSO " + name);
                Map<String, Object> claims = CLAIMS.getOrDefault(name, Map.of());
                claims.forEach((claim, values) -> context.getClaims().claim(claim, values));
            };
        }
    }

    @Override
    public void close() {
        context.close();
    }
}
