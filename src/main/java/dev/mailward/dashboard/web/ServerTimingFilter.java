package dev.mailward.dashboard.web;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Locale;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.util.ContentCachingResponseWrapper;

/**
 * Measures the server time of every page ({@code mailward.dashboard.server-timing=true}) and reports it in a
 * {@code Server-Timing: app;dur=<ms>} response header, which browsers show in their developer tools and the
 * dashboard benchmark collects beside the client time. The time runs from the first filter (before Spring
 * Security) until the page is rendered; writing it to the socket is not included. The body is buffered
 * until then, because a rendered page is larger than the container's buffer and the header must precede it;
 * static resources and the JSON API are not timed.
 */
final class ServerTimingFilter extends OncePerRequestFilter {

    static final String HEADER = "Server-Timing";

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        String path = request.getRequestURI().substring(request.getContextPath().length());
        return path.startsWith("/api/")
                || path.startsWith("/css/")
                || path.startsWith("/js/")
                || path.startsWith("/img/")
                || path.startsWith("/webjars/")
                || path.startsWith("/actuator/");
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        long start = System.nanoTime();
        ContentCachingResponseWrapper buffered = new ContentCachingResponseWrapper(response);
        try {
            chain.doFilter(request, buffered);
        } finally {
            if (!response.isCommitted()) {
                response.setHeader(HEADER, header(System.nanoTime() - start));
            }
            buffered.copyBodyToResponse();
        }
    }

    /** {@code app;dur=12.3}: milliseconds with one decimal, as the Server-Timing syntax allows. */
    static String header(long nanos) {
        return String.format(Locale.ROOT, "app;dur=%.1f", nanos / 1e6);
    }
}
