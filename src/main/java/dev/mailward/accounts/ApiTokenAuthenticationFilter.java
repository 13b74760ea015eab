package dev.mailward.accounts;

import dev.mailward.shared.ApiProblems;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.security.web.authentication.WebAuthenticationDetailsSource;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * {@code Authorization: Bearer <token>} on the API chain (RFC 6750 §2.1). A refused token is
 * answered 401 with a problem detail and {@code WWW-Authenticate: Bearer error="invalid_token"}
 * (§3); a token over its rate limit 429 with {@code Retry-After}. Requests without a bearer token
 * pass on unchanged (to HTTP Basic, or to the 401 of the entry point).
 */
final class ApiTokenAuthenticationFilter extends OncePerRequestFilter {

    private static final String BEARER = "Bearer ";

    private final ApiTokenService tokens;
    private final ApiRateLimiter limiter;
    private final WebAuthenticationDetailsSource details = new WebAuthenticationDetailsSource();

    ApiTokenAuthenticationFilter(ApiTokenService tokens, ApiRateLimiter limiter) {
        this.tokens = tokens;
        this.limiter = limiter;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String header = request.getHeader(HttpHeaders.AUTHORIZATION);
        if (header == null || !header.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
            chain.doFilter(request, response);
            return;
        }
        switch (tokens.authenticate(header.substring(BEARER.length()).strip())) {
            case ApiTokenService.Rejected r -> {
                response.setHeader(HttpHeaders.WWW_AUTHENTICATE, "Bearer realm=\"Mailward\", error=\"invalid_token\"");
                ApiProblems.write(response, HttpStatus.UNAUTHORIZED, r.reason());
            }
            case ApiTokenService.Accepted a -> {
                long retryAfter = limiter.acquire(a.tokenId());
                if (retryAfter > 0) {
                    response.setHeader(HttpHeaders.RETRY_AFTER, Long.toString(retryAfter));
                    ApiProblems.write(
                            response,
                            HttpStatus.TOO_MANY_REQUESTS,
                            "Rate limit of this API token exceeded; retry after " + retryAfter + " s");
                    return;
                }
                a.principal().actAsThisThread(details.buildDetails(request));
                chain.doFilter(request, response);
            }
        }
    }
}
