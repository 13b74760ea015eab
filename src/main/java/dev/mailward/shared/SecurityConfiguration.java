package dev.mailward.shared;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.security.authentication.AuthenticationManager;
import org.springframework.security.config.annotation.method.configuration.EnableMethodSecurity;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.HeadersConfigurer;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.access.AccessDeniedHandler;
import org.springframework.security.web.authentication.AnonymousAuthenticationFilter;
import org.springframework.security.web.authentication.HttpStatusEntryPoint;
import org.springframework.security.web.authentication.LoginUrlAuthenticationEntryPoint;
import org.springframework.security.web.authentication.www.BasicAuthenticationFilter;
import org.springframework.security.web.header.writers.ContentSecurityPolicyHeaderWriter;
import org.springframework.security.web.header.writers.DelegatingRequestMatcherHeaderWriter;
import org.springframework.security.web.header.writers.ReferrerPolicyHeaderWriter.ReferrerPolicy;
import org.springframework.security.web.util.matcher.AnyRequestMatcher;
import org.springframework.security.web.util.matcher.NegatedRequestMatcher;
import org.springframework.security.web.util.matcher.RequestHeaderRequestMatcher;
import org.springframework.security.web.util.matcher.RequestMatcher;

/**
 * The console's security, in one place: a stateless chain for {@code /api/**} (API tokens as
 * {@code Authorization: Bearer}, rate limited per token, and HTTP Basic with the password) and a
 * session chain with form login for everything else (and an open, stateless one for exactly {@code POST
 * /tlsrpt}, the report intake's TLS-RPT endpoint); URL rules, security headers, entry points.
 * Method security guards the mutating services.
 *
 * <p>The credentials are the accounts module's: it provides the {@code AuthenticationManager} bean
 * (password check and login throttle), an {@link ApiChainContribution} (the token filter, the API's
 * role rules), a {@link SessionChainContribution} (the per-request account check, the login's
 * success and failure handling, the pages' role rules) and a {@link PasskeyChainContribution} (WebAuthn). They
 * are declared here, so this module uses no other.
 */
@Configuration(proxyBeanMethods = false)
@EnableMethodSecurity
class SecurityConfiguration {

    /** No inline script or style anywhere; behaviour lives in {@code frontend/}. */
    static final String CONTENT_SECURITY_POLICY = "default-src 'self'; script-src 'self'; style-src 'self'; "
            + "img-src 'self' data:; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'";
    /**
     * Swagger UI's page ({@code /swagger-ui/index.html}): the same policy, except that its bundle inserts one
     * {@code <style>} element, allowed by the hash of exactly that text (swagger-ui 5 of springdoc 3.0.3); a
     * Swagger UI whose style differs is blocked again, and {@code SwaggerUiBrowserTests} reports it.
     */
    static final String SWAGGER_UI_CONTENT_SECURITY_POLICY = CONTENT_SECURITY_POLICY.replace(
            "style-src 'self';", "style-src 'self' 'sha256-RL3ie0nH+Lzz2YNqQN83mnU0J1ot4QL7b99vMdIX99w=';");

    private static final RequestMatcher SWAGGER_UI =
            request -> request.getRequestURI().startsWith(request.getContextPath() + "/swagger-ui/");

    /** The API documentation page (Swagger UI); see {@code ApiDocsConfiguration}. */
    static final String API_DOCS_PAGE = "/api/docs";
    /**
     * The OpenAPI document ({@code /v3/api-docs}, {@code .yaml}, Swagger UI's {@code /swagger-config}): with an
     * {@code Authorization} header it is an API resource (stateless chain: a token or Basic), without one a
     * page of the session chain (Swagger UI in a signed-in browser).
     */
    static final String API_DOCUMENT = "/v3/api-docs";
    /**
     * The Prometheus scrape ({@code /actuator/prometheus}): always an API resource of the stateless chain (a
     * scraper has a token or Basic credentials and no session; without them it is answered 401, never sent
     * to the login page). Which role may read it is the accounts module's rule. The other actuator endpoints
     * stay where they were (health: the session chain, open).
     */
    static final String METRICS = "/actuator/prometheus";

    /**
     * TLS-RPT's {@code https:} report URI (RFC 8460 §3), the report intake's {@code POST /tlsrpt}: reporters are
     * other mail systems, so exactly this path, for POST only, is open without login and without CSRF token, in
     * a stateless chain of its own (no session is created). Every other method or path stays where it was.
     */
    static final String TLS_REPORTS = "/tlsrpt";

    static final String PERMISSIONS_POLICY =
            "camera=(), microphone=(), geolocation=(), payment=(), usb=(), " + "interest-cohort=()";

    @Bean
    @Order(0)
    SecurityFilterChain tlsReportChain(HttpSecurity http) throws Exception {
        http.securityMatcher(request -> "POST".equals(request.getMethod())
                        && request.getRequestURI()
                                .substring(request.getContextPath().length())
                                .equals(TLS_REPORTS))
                .authorizeHttpRequests(auth -> auth.anyRequest().permitAll())
                .csrf(csrf -> csrf.disable())
                .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .requestCache(cache -> cache.disable())
                .headers(SecurityConfiguration::headers);
        return http.build();
    }

    @Bean
    @Order(1)
    SecurityFilterChain apiChain(HttpSecurity http, AuthenticationManager manager, ApiChainContribution accounts)
            throws Exception {
        AuthenticationEntryPoint unauthorized = (request, response, ex) -> {
            // Bearer first: tokens are the machine credential; Basic stays for scripts and tests
            response.addHeader("WWW-Authenticate", "Bearer realm=\"Mailward\"");
            response.addHeader("WWW-Authenticate", "Basic realm=\"Mailward\"");
            ApiProblems.write(response, HttpStatus.UNAUTHORIZED, "Authentication required");
        };
        AccessDeniedHandler denied = (request, response, ex) ->
                ApiProblems.write(response, HttpStatus.FORBIDDEN, "Your role does not allow this");
        // the documentation page is a browser page of the session chain, not an API resource; the OpenAPI
        // document is both: Swagger UI reads it with the session, code generators with a token (or Basic)
        http.securityMatcher(request -> {
                    String path = request.getRequestURI()
                            .substring(request.getContextPath().length());
                    return (path.startsWith("/api/") && !path.equals(API_DOCS_PAGE))
                            || path.equals(METRICS)
                            || (path.startsWith(API_DOCUMENT) && request.getHeader(HttpHeaders.AUTHORIZATION) != null);
                })
                .authenticationManager(manager)
                .addFilterBefore(accounts.tokenAuthentication(), BasicAuthenticationFilter.class)
                .authorizeHttpRequests(auth -> {
                    accounts.roleRules().customize(auth);
                    auth.anyRequest().authenticated();
                })
                .httpBasic(basic -> basic.authenticationEntryPoint(unauthorized))
                .csrf(csrf -> csrf.disable())
                .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .exceptionHandling(e -> e.authenticationEntryPoint(unauthorized).accessDeniedHandler(denied))
                .headers(SecurityConfiguration::headers);
        return http.build();
    }

    @Bean
    @Order(2)
    SecurityFilterChain webChain(
            HttpSecurity http,
            AuthenticationManager manager,
            SessionChainContribution accounts,
            PasskeyChainContribution passkeys,
            ObjectProvider<SessionChainExtension> extensions)
            throws Exception {
        http.authenticationManager(manager)
                // every request is judged on the account as it is now; ended sessions go to the login page
                .addFilterBefore(accounts.sessionCheck(), AnonymousAuthenticationFilter.class)
                .authorizeHttpRequests(auth -> {
                    auth.requestMatchers(
                                    "/login",
                                    "/css/**",
                                    "/js/**",
                                    "/img/**",
                                    "/webjars/**",
                                    "/favicon.ico",
                                    "/actuator/health/**",
                                    "/error")
                            .permitAll();
                    accounts.roleRules().customize(auth);
                    auth.anyRequest().authenticated();
                })
                .formLogin(form -> form.loginPage("/login")
                        .successHandler(accounts.loginSucceeded())
                        .failureHandler(accounts.loginFailed())
                        .permitAll())
                .webAuthn(passkeys.webAuthn())
                .logout(logout -> logout.logoutUrl("/logout")
                        .logoutSuccessUrl("/login?logout")
                        .deleteCookies("JSESSIONID"))
                .sessionManagement(s -> s.sessionFixation(f -> f.changeSessionId()))
                // htmx cannot follow a redirect to the login page into a fragment; mailward.js handles 401
                .exceptionHandling(e -> e.defaultAuthenticationEntryPointFor(
                                new HttpStatusEntryPoint(HttpStatus.UNAUTHORIZED),
                                new RequestHeaderRequestMatcher("HX-Request"))
                        .defaultAuthenticationEntryPointFor(
                                new LoginUrlAuthenticationEntryPoint("/login"), AnyRequestMatcher.INSTANCE))
                .headers(SecurityConfiguration::headers);
        for (SessionChainExtension extension : extensions.orderedStream().toList()) {
            extension.extend(http);
        }
        return http.build();
    }

    private static void headers(HeadersConfigurer<HttpSecurity> headers) {
        headers.addHeaderWriter(new DelegatingRequestMatcherHeaderWriter(
                        SWAGGER_UI, new ContentSecurityPolicyHeaderWriter(SWAGGER_UI_CONTENT_SECURITY_POLICY)))
                .addHeaderWriter(new DelegatingRequestMatcherHeaderWriter(
                        new NegatedRequestMatcher(SWAGGER_UI),
                        new ContentSecurityPolicyHeaderWriter(CONTENT_SECURITY_POLICY)))
                .contentTypeOptions(c -> {})
                .referrerPolicy(r -> r.policy(ReferrerPolicy.SAME_ORIGIN))
                .frameOptions(f -> f.deny())
                .addHeaderWriter((request, response) -> response.setHeader("Permissions-Policy", PERMISSIONS_POLICY));
    }
}
