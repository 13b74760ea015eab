package dev.mailward.accounts;

import jakarta.servlet.http.HttpServletResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Map;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.security.authentication.AuthenticationManager;
import org.springframework.security.authentication.ProviderManager;
import org.springframework.security.authentication.dao.DaoAuthenticationProvider;
import org.springframework.security.config.annotation.method.configuration.EnableMethodSecurity;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.HeadersConfigurer;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.crypto.argon2.Argon2PasswordEncoder;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;
import org.springframework.security.crypto.password.DelegatingPasswordEncoder;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.access.AccessDeniedHandler;
import org.springframework.security.web.authentication.AuthenticationFailureHandler;
import org.springframework.security.web.authentication.AnonymousAuthenticationFilter;
import org.springframework.security.web.authentication.HttpStatusEntryPoint;
import org.springframework.security.web.authentication.SavedRequestAwareAuthenticationSuccessHandler;
import org.springframework.security.web.header.writers.ReferrerPolicyHeaderWriter.ReferrerPolicy;
import org.springframework.security.web.authentication.LoginUrlAuthenticationEntryPoint;
import org.springframework.security.web.authentication.www.BasicAuthenticationFilter;
import org.springframework.security.web.util.matcher.AnyRequestMatcher;
import org.springframework.security.web.util.matcher.RequestHeaderRequestMatcher;

/**
 * The console's security, in one place: a stateless chain for {@code /api/**} (API tokens as
 * {@code Authorization: Bearer}, rate limited per token, and HTTP Basic with the password) and a
 * session chain with form login for everything else; URL rules, security headers, password
 * encoding and the login throttle. Method security guards the mutating services.
 */
@Configuration(proxyBeanMethods = false)
@EnableMethodSecurity
class SecurityConfiguration {

    /** No inline script or style anywhere; behaviour lives in {@code frontend/}. */
    static final String CONTENT_SECURITY_POLICY = "default-src 'self'; script-src 'self'; style-src 'self'; "
            + "img-src 'self' data:; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'";
    /** The API documentation page (Swagger UI); see {@code ApiDocsConfiguration}. */
    static final String API_DOCS_PAGE = "/api/docs";
    static final String PERMISSIONS_POLICY = "camera=(), microphone=(), geolocation=(), payment=(), usb=(), "
            + "interest-cohort=()";

    @Bean
    PasswordEncoder passwordEncoder() {
        // Argon2id for new hashes; the prefix ({argon2@SpringSecurity_v5_8}) lets the algorithm change later
        String current = "argon2@SpringSecurity_v5_8";
        return new DelegatingPasswordEncoder(current, Map.of(
                current, Argon2PasswordEncoder.defaultsForSpringSecurity_v5_8(),
                "bcrypt", new BCryptPasswordEncoder()));
    }

    @Bean
    AuthenticationManager authenticationManager(AccountUserDetailsService users, PasswordEncoder encoder,
            LoginAttempts attempts) {
        DaoAuthenticationProvider dao = new DaoAuthenticationProvider(users);
        dao.setPasswordEncoder(encoder);
        dao.setUserDetailsPasswordService(users);
        return new ProviderManager(new ThrottlingAuthenticationProvider(dao, attempts));
    }

    @Bean
    ApiRateLimiter apiRateLimiter(ApiProperties properties) {
        return new ApiRateLimiter(properties.rateLimit(), System::nanoTime);
    }

    @Bean
    @Order(1)
    SecurityFilterChain apiChain(HttpSecurity http, AuthenticationManager manager, ApiTokenService tokens,
            ApiRateLimiter limiter) throws Exception {
        AuthenticationEntryPoint unauthorized = (request, response, ex) -> {
            // Bearer first: tokens are the machine credential; Basic stays for scripts and tests
            response.addHeader("WWW-Authenticate", "Bearer realm=\"Mailward\"");
            response.addHeader("WWW-Authenticate", "Basic realm=\"Mailward\"");
            problem(response, HttpStatus.UNAUTHORIZED, "Authentication required");
        };
        AccessDeniedHandler denied = (request, response, ex) ->
                problem(response, HttpStatus.FORBIDDEN, "Your role does not allow this");
        // the documentation page is a browser page of the session chain, not an API resource
        http.securityMatcher(request -> {
                    String path = request.getRequestURI().substring(request.getContextPath().length());
                    return path.startsWith("/api/") && !path.equals(API_DOCS_PAGE);
                })
                .authenticationManager(manager)
                .addFilterBefore(new ApiTokenAuthenticationFilter(tokens, limiter), BasicAuthenticationFilter.class)
                .authorizeHttpRequests(auth -> auth
                        .requestMatchers("/api/v1/users/**", "/api/v1/teams/**").hasRole(Role.ADMIN.name())
                        .anyRequest().authenticated())
                .httpBasic(basic -> basic.authenticationEntryPoint(unauthorized))
                .csrf(csrf -> csrf.disable())
                .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .exceptionHandling(e -> e.authenticationEntryPoint(unauthorized).accessDeniedHandler(denied))
                .headers(SecurityConfiguration::headers);
        return http.build();
    }

    @Bean
    @Order(2)
    SecurityFilterChain webChain(HttpSecurity http, AuthenticationManager manager, LoginAttempts attempts,
            ScopeCache states, AccountService accounts) throws Exception {
        SavedRequestAwareAuthenticationSuccessHandler success = new SavedRequestAwareAuthenticationSuccessHandler() {
            @Override
            public void onAuthenticationSuccess(jakarta.servlet.http.HttpServletRequest request,
                    HttpServletResponse response, org.springframework.security.core.Authentication authentication)
                    throws jakarta.servlet.ServletException, java.io.IOException {
                if (authentication.getPrincipal() instanceof AccountPrincipal p) {
                    attempts.interactiveLogin(p.userId(), ThrottlingAuthenticationProvider.sourceAddress(authentication));
                }
                super.onAuthenticationSuccess(request, response, authentication);
            }
        };
        AuthenticationFailureHandler failure = (request, response, ex) -> {
            String target = ex instanceof LoginThrottledException t
                    ? t.loginPage(Clock.systemUTC().instant())
                    : "/login?error";
            response.sendRedirect(request.getContextPath() + target);
        };
        http.authenticationManager(manager)
                // every request is judged on the account as it is now; ended sessions go to the login page
                .addFilterBefore(new AccountSessionFilter(states, accounts), AnonymousAuthenticationFilter.class)
                .authorizeHttpRequests(auth -> auth
                        .requestMatchers("/login", "/css/**", "/js/**", "/img/**", "/webjars/**", "/favicon.ico",
                                "/actuator/health/**", "/error").permitAll()
                        .requestMatchers("/admin/**").hasRole(Role.ADMIN.name())
                        .requestMatchers("/audit", "/audit.csv").hasAnyRole(Role.ADMIN.name(), Role.AUDITOR.name())
                        .anyRequest().authenticated())
                .formLogin(form -> form.loginPage("/login").successHandler(success).failureHandler(failure).permitAll())
                .logout(logout -> logout.logoutUrl("/logout").logoutSuccessUrl("/login?logout")
                        .deleteCookies("JSESSIONID"))
                .sessionManagement(s -> s.sessionFixation(f -> f.changeSessionId()))
                // htmx cannot follow a redirect to the login page into a fragment; mailward.js handles 401
                .exceptionHandling(e -> e.defaultAuthenticationEntryPointFor(
                                new HttpStatusEntryPoint(HttpStatus.UNAUTHORIZED), new RequestHeaderRequestMatcher("HX-Request"))
                        .defaultAuthenticationEntryPointFor(new LoginUrlAuthenticationEntryPoint("/login"),
                                AnyRequestMatcher.INSTANCE))
                .headers(SecurityConfiguration::headers);
        return http.build();
    }

    private static void headers(HeadersConfigurer<HttpSecurity> headers) {
        headers.contentSecurityPolicy(csp -> csp.policyDirectives(CONTENT_SECURITY_POLICY))
                .contentTypeOptions(c -> { })
                .referrerPolicy(r -> r.policy(ReferrerPolicy.SAME_ORIGIN))
                .frameOptions(f -> f.deny())
                .addHeaderWriter((request, response) -> response.setHeader("Permissions-Policy", PERMISSIONS_POLICY));
    }

    static void problem(HttpServletResponse response, HttpStatus status, String detail) throws java.io.IOException {
        response.setStatus(status.value());
        response.setContentType("application/problem+json");
        response.setCharacterEncoding(StandardCharsets.UTF_8.name());
        response.getWriter().write("{\"type\":\"about:blank\",\"title\":\"" + status.getReasonPhrase()
                + "\",\"status\":" + status.value() + ",\"detail\":\"" + detail.replace("\\", "\\\\").replace("\"", "\\\"")
                + "\"}");
    }
}
