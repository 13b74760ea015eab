package dev.mailward.shared.web;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpServletResponseWrapper;
import java.io.IOException;
import org.springframework.web.servlet.resource.ResourceUrlEncodingFilter;

/**
 * Spring's {@link ResourceUrlEncodingFilter} (enabled because the WebJars locator is on the class path) for the
 * links that can be static resources only. The original resolves every {@code @{...}} link of every page
 * against the {@code /**} static resource mapping, and a page link such as {@code /domains/7/dashboard} is a
 * miss in four class path locations of the application jar that is never cached: for the portfolio's hundred
 * links that was half of the console's CPU time under load. Static resources have a file name with an
 * extension ({@code /webjars/chart.js/dist/chart.umd.js}, {@code /css/mailward.css}); pages do not, so only
 * those are resolved (WebJars links still get their version), the rest are encoded as the container does.
 */
final class StaticLinkEncodingFilter extends ResourceUrlEncodingFilter {

    @Override
    public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        if (!(response instanceof HttpServletResponse plain)) {
            super.doFilter(request, response, chain);
            return;
        }
        super.doFilter(
                request, response, (req, res) -> chain.doFilter(req, new PagesAsIs((HttpServletResponse) res, plain)));
    }

    /** Whether the link's last path segment has an extension, as every static resource's does. */
    static boolean mayBeStatic(String url) {
        int end = url.length();
        for (int i = 0; i < url.length(); i++) {
            char c = url.charAt(i);
            if (c == '?' || c == '#') {
                end = i;
                break;
            }
        }
        int dot = url.indexOf('.', url.lastIndexOf('/', end - 1) + 1);
        return dot >= 0 && dot < end;
    }

    /** Resolves static resource links through the resource chain and leaves page links to the container. */
    private static final class PagesAsIs extends HttpServletResponseWrapper {

        private final HttpServletResponse plain;

        PagesAsIs(HttpServletResponse resolving, HttpServletResponse plain) {
            super(resolving);
            this.plain = plain;
        }

        @Override
        public String encodeURL(String url) {
            return mayBeStatic(url) ? super.encodeURL(url) : plain.encodeURL(url);
        }
    }
}
