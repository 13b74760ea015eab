package dev.mailward.accounts;

import dev.mailward.shared.ApiChainContribution;
import dev.mailward.shared.SessionChainContribution;
import dev.mailward.shared.SessionChainExtension;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.Filter;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import java.io.IOException;
import java.time.Clock;
import java.util.EnumSet;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;
import org.springframework.security.authentication.AuthenticationManager;
import org.springframework.security.authentication.ProviderManager;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.authentication.dao.DaoAuthenticationProvider;
import org.springframework.security.authorization.AuthenticatedAuthorizationManager;
import org.springframework.security.authorization.AuthorityAuthorizationManager;
import org.springframework.security.authorization.AuthorizationDecision;
import org.springframework.security.authorization.AuthorizationManager;
import org.springframework.security.authorization.AuthorizationManagers;
import org.springframework.security.config.ObjectPostProcessor;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.core.context.SecurityContextHolderStrategy;
import org.springframework.security.crypto.argon2.Argon2PasswordEncoder;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;
import org.springframework.security.crypto.password.DelegatingPasswordEncoder;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.oauth2.client.endpoint.RestClientAuthorizationCodeTokenResponseClient;
import org.springframework.security.oauth2.client.oidc.authentication.OidcAuthorizationCodeAuthenticationProvider;
import org.springframework.security.oauth2.client.registration.ClientRegistrationRepository;
import org.springframework.security.oauth2.client.web.HttpSessionOAuth2AuthorizedClientRepository;
import org.springframework.security.oauth2.client.web.OAuth2LoginAuthenticationFilter;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.web.access.intercept.RequestAuthorizationContext;
import org.springframework.security.web.authentication.AuthenticationFailureHandler;
import org.springframework.security.web.authentication.AuthenticationSuccessHandler;
import org.springframework.security.web.authentication.SavedRequestAwareAuthenticationSuccessHandler;
import org.springframework.security.web.context.HttpSessionSecurityContextRepository;
import org.springframework.security.web.context.SecurityContextRepository;
import org.springframework.session.FindByIndexNameSessionRepository;
import org.springframework.session.Session;
import org.springframework.session.SessionRepository;
import org.springframework.session.config.SessionRepositoryCustomizer;
import org.springframework.session.jdbc.JdbcIndexedSessionRepository;
import org.springframework.session.jdbc.PostgreSqlJdbcIndexedSessionRepositoryCustomizer;
import org.springframework.session.web.http.SessionRepositoryFilter;

/**
 * The accounts' part of the console's security: password encoding, the password check behind the
 * login throttle (the application's {@link AuthenticationManager}), and what the two filter chains
 * of {@code shared.SecurityConfiguration} get from this module: the API token filter and the
 * per-request account check, the login's success and failure handling, and the URL rules that need
 * a {@link Role}.
 */
@Configuration(proxyBeanMethods = false)
class AccountsSecurityConfiguration {

    private static final Logger log = LoggerFactory.getLogger(AccountsSecurityConfiguration.class);

    /** The second step of a sign-in (a code), open to the not yet signed-in session of a {@link PendingSignIn}. */
    static final String SECOND_STEP = "/login/second-factor";

    /**
     * Where a browser goes after a single sign-on: a public page without a session that moves on to the console
     * (see {@link #singleSignOn}).
     */
    static final String SSO_CONTINUE = "/login/sso-continue";

    @Bean
    PasswordEncoder passwordEncoder() {
        // Argon2id for new hashes; the prefix ({argon2@SpringSecurity_v5_8}) lets the algorithm change later
        String current = "argon2@SpringSecurity_v5_8";
        return new DelegatingPasswordEncoder(
                current,
                Map.of(
                        current,
                        Argon2PasswordEncoder.defaultsForSpringSecurity_v5_8(),
                        "bcrypt",
                        new BCryptPasswordEncoder()));
    }

    @Bean
    AuthenticationManager authenticationManager(
            AccountUserDetailsService users,
            PasswordEncoder encoder,
            LoginAttempts attempts,
            SecondFactorService secondFactors,
            SignInSettings signIn) {
        DaoAuthenticationProvider dao = new DaoAuthenticationProvider(users);
        dao.setPasswordEncoder(encoder);
        dao.setUserDetailsPasswordService(users);
        return new ProviderManager(
                new ThrottlingAuthenticationProvider(dao, attempts, secondFactors::enrolled, signIn));
    }

    /**
     * Console sessions live in PostgreSQL (Spring Session JDBC, tables of V29) and end after the configured idle
     * time; the absolute timeout is {@link AccountSessionFilter}'s.
     */
    @Bean
    SessionRepositoryCustomizer<JdbcIndexedSessionRepository> sessionIdleTimeout(AccountsProperties properties) {
        return repository ->
                repository.setDefaultMaxInactiveInterval(properties.session().idleTimeout());
    }

    /**
     * Requests of one session at the same time (a browser's tabs, a page and its fetches) may each store the same
     * new attribute (the first page after a sign-in stores the new CSRF token): PostgreSQL's {@code insert ... on
     * conflict do update} lets the second write win instead of failing the page with a duplicate key.
     */
    @Bean
    PostgreSqlJdbcIndexedSessionRepositoryCustomizer sessionAttributesUpsert() {
        return new PostgreSqlJdbcIndexedSessionRepositoryCustomizer();
    }

    /**
     * The session store the console uses: Spring Boot's Spring Session JDBC repository, without a write for every
     * page that only reads its session, nor a second read after the write ({@link SparingSessionRepository}).
     */
    @Bean
    static BeanPostProcessor sparingSessions() {
        return new BeanPostProcessor() {
            @Override
            public Object postProcessAfterInitialization(Object bean, String beanName) {
                return bean instanceof JdbcIndexedSessionRepository store ? sparing(store) : bean;
            }
        };
    }

    private static <S extends Session> SparingSessionRepository<S> sparing(FindByIndexNameSessionRepository<S> store) {
        return new SparingSessionRepository<>(store);
    }

    /**
     * Around Spring Session's filter, on every dispatch: the session a request saved is that request's alone
     * ({@link SparingSessionRepository#forget()}).
     */
    @Bean
    FilterRegistrationBean<Filter> sparingSessionsPerRequest(SessionRepository<?> repository) {
        if (!(repository instanceof SparingSessionRepository<?> sessions)) {
            throw new IllegalStateException("console sessions are stored by "
                    + repository.getClass().getName() + ", not by the console's SparingSessionRepository");
        }
        Filter forget = (request, response, chain) -> {
            sessions.forget();
            try {
                chain.doFilter(request, response);
            } finally {
                sessions.forget();
            }
        };
        FilterRegistrationBean<Filter> registration = new FilterRegistrationBean<>(forget);
        registration.setOrder(SessionRepositoryFilter.DEFAULT_ORDER - 1);
        registration.setDispatcherTypes(EnumSet.allOf(DispatcherType.class));
        return registration;
    }

    @Bean
    ApiRateLimiter apiRateLimiter(ApiProperties properties) {
        return new ApiRateLimiter(properties.rateLimit(), System::nanoTime);
    }

    /**
     * The API chain: Bearer tokens before HTTP Basic; users and teams are for admins, and so is the
     * Prometheus scrape (the whole fleet's figures, every team's). A password alone (HTTP Basic) does not
     * open the API to an account with a second factor, nor to one the setting obliges to enrol and that has
     * not: they use API tokens.
     */
    @Bean
    ApiChainContribution apiChainContribution(
            ApiTokenService tokens, ApiRateLimiter limiter, SecondFactorService secondFactors) {
        AuthorizationManager<RequestAuthorizationContext> notPasswordAloneOfSecondFactorAccount =
                (authentication, context) -> new AuthorizationDecision(!(authentication.get() != null
                                && authentication.get().getPrincipal() instanceof AccountPrincipal p)
                        || p.tokenId().isPresent()
                        || !(secondFactors.enrolled(p.userId()) || secondFactors.mustEnrol(p.scope())));
        return new ApiChainContribution(
                new ApiTokenAuthenticationFilter(tokens, limiter),
                auth -> auth.requestMatchers("/api/v1/users/**", "/api/v1/teams/**", "/actuator/prometheus")
                        .access(AuthorizationManagers.allOf(
                                AuthorityAuthorizationManager.hasRole(Role.ADMIN.name()),
                                notPasswordAloneOfSecondFactorAccount))
                        .requestMatchers("/**")
                        .access(AuthorizationManagers.allOf(
                                AuthenticatedAuthorizationManager.authenticated(),
                                notPasswordAloneOfSecondFactorAccount)));
    }

    /** The session chain: the account as it is now, the login's outcome, the admin pages and the audit log. */
    @Bean
    SessionChainContribution sessionChainContribution(
            LoginAttempts attempts,
            ScopeCache states,
            AccountService accounts,
            AccountSessions sessions,
            SecondFactorService secondFactors) {
        SavedRequestAwareAuthenticationSuccessHandler success = new SavedRequestAwareAuthenticationSuccessHandler() {
            @Override
            public void onAuthenticationSuccess(
                    HttpServletRequest request, HttpServletResponse response, Authentication authentication)
                    throws ServletException, IOException {
                if (authentication.getPrincipal() instanceof AccountPrincipal p && secondFactors.enrolled(p.userId())) {
                    // the password was right, the second step is due: the session is not signed in until it passes
                    SecurityContextHolder.getContextHolderStrategy().clearContext();
                    HttpSession session = request.getSession();
                    session.removeAttribute(HttpSessionSecurityContextRepository.SPRING_SECURITY_CONTEXT_KEY);
                    session.setAttribute(
                            PendingSignIn.ATTRIBUTE,
                            new PendingSignIn(
                                    p.userId(),
                                    p.getUsername(),
                                    Clock.systemUTC().instant()));
                    response.sendRedirect(request.getContextPath() + SECOND_STEP);
                    return;
                }
                if (authentication.getPrincipal() instanceof AccountPrincipal p) {
                    attempts.interactiveLogin(
                            p.userId(), ThrottlingAuthenticationProvider.sourceAddress(authentication));
                    AccountSessions.describeAtSignIn(request);
                }
                super.onAuthenticationSuccess(request, response, authentication);
            }
        };
        AuthenticationFailureHandler failure = (request, response, ex) -> {
            String target = ex instanceof LoginThrottledException t
                    ? t.loginPage(Clock.systemUTC().instant())
                    : ex instanceof PasswordSignInClosedException ? "/login?password-off" : "/login?error";
            response.sendRedirect(request.getContextPath() + target);
        };
        return new SessionChainContribution(
                new AccountSessionFilter(states, accounts, sessions, secondFactors),
                success,
                failure,
                auth -> auth.requestMatchers(SECOND_STEP, SSO_CONTINUE)
                        .permitAll()
                        // passkeys are removed from the account page (audited), not through Spring Security's DELETE
                        .requestMatchers(HttpMethod.DELETE, "/webauthn/register/**")
                        .denyAll()
                        .requestMatchers("/admin/**")
                        .hasRole(Role.ADMIN.name())
                        .requestMatchers("/audit", "/audit.csv")
                        .hasAnyRole(Role.ADMIN.name(), Role.AUDITOR.name()));
    }
    /**
     * Single sign-on (OIDC): an OAuth2 login on the session chain when Spring Boot has client registrations
     * ({@code spring.security.oauth2.client.registration.*}); without any, nothing is added. The provider's user
     * becomes an {@link AccountPrincipal} of the account {@link OidcSignIn} chose, so the session is like one
     * opened with a password (role rules, teams, the sessions list, the per-request account check). A refused
     * sign-on goes back to the login page with its reason. The authorized client (the access token) is kept in
     * the session only, never in memory beside it.
     */
    @Bean
    SessionChainExtension singleSignOn(
            ObjectProvider<ClientRegistrationRepository> registrations,
            OidcSignIn signIn,
            AccountService accounts,
            SecondFactorService secondFactors) {
        return http -> {
            if (registrations.getIfAvailable() == null) {
                return;
            }
            SecurityContextRepository contexts = new HttpSessionSecurityContextRepository();
            AuthenticationSuccessHandler success = (request, response, authentication) -> {
                if (!(authentication.getPrincipal() instanceof OidcAccountUserService.LinkedOidcUser linked)) {
                    response.sendRedirect(request.getContextPath() + "/login?sso-error");
                    return;
                }
                AccountPrincipal principal =
                        new AccountPrincipal(accounts.state(linked.userId()).orElseThrow(), "");
                UsernamePasswordAuthenticationToken token =
                        UsernamePasswordAuthenticationToken.authenticated(principal, null, principal.getAuthorities());
                token.setDetails(authentication.getDetails());
                SecurityContextHolderStrategy holder = SecurityContextHolder.getContextHolderStrategy();
                SecurityContext context = holder.createEmptyContext();
                context.setAuthentication(token);
                holder.setContext(context);
                contexts.saveContext(context, request, response);
                request.getSession()
                        .setAttribute(
                                AccountSessionFilter.SINGLE_SIGN_ON_ATTRIBUTE,
                                linked.getIdToken().getIssuer().toString());
                AccountSessions.describeAtSignIn(request);
                // a page of this site that moves on to the console: the browser came here from the provider's
                // site, and sends the SameSite=Strict session cookie only on a navigation this site starts
                response.sendRedirect(request.getContextPath() + SSO_CONTINUE);
            };
            AuthenticationFailureHandler failure = (request, response, ex) -> {
                if (!(ex instanceof OAuth2AuthenticationException o
                        && OidcAccountUserService.REFUSED.equals(o.getError().getErrorCode()))) {
                    // the provider's or the protocol's failure (not a refusal of ours, audited already)
                    log.warn("Single sign-on failed: {}", ex.getMessage());
                }
                String target = ex instanceof OAuth2AuthenticationException o
                                && OidcAccountUserService.REFUSED.equals(
                                        o.getError().getErrorCode())
                        ? "/login?sso-refused=" + o.getError().getDescription()
                        : "/login?sso-error";
                response.sendRedirect(request.getContextPath() + target);
            };
            OidcAuthorizationRequests requests = new OidcAuthorizationRequests(secondFactors.box());
            // the chain's AuthenticationManager is the password check: the sign-on's callback gets its own, the
            // OpenID Connect one (code for tokens, the ID token verified, then the console's user service)
            AuthenticationManager oidc = new ProviderManager(new OidcAuthorizationCodeAuthenticationProvider(
                    new RestClientAuthorizationCodeTokenResponseClient(), new OidcAccountUserService(signIn)));
            http.oauth2Login(login -> login.loginPage("/login")
                    .authorizationEndpoint(a -> a.authorizationRequestRepository(requests))
                    .authorizedClientRepository(new HttpSessionOAuth2AuthorizedClientRepository())
                    .withObjectPostProcessor(new ObjectPostProcessor<OAuth2LoginAuthenticationFilter>() {
                        @Override
                        public <O extends OAuth2LoginAuthenticationFilter> O postProcess(O filter) {
                            filter.setAuthenticationManager(oidc);
                            return filter;
                        }
                    })
                    .successHandler(success)
                    .failureHandler(failure));
        };
    }
}
