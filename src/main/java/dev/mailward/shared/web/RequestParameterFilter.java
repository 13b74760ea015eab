package dev.mailward.shared.web;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpStatus;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Refuses, before anything reads them (the login form, the security filters, the controllers and
 * PostgreSQL, which cannot store a NUL), request parameters with a control character: a NUL or
 * another C0 control other than tab and line breaks, in a name or a value, in the query or a form
 * body. Also refuses a query string longer than {@value #MAX_QUERY} characters. The answer is 400
 * (414) naming the parameter: problem details under {@code /api/**}, the error page elsewhere (see
 * {@link ErrorResponses}). Multipart bodies are left to their readers (files have their own rules);
 * their query string is checked.
 */
class RequestParameterFilter extends OncePerRequestFilter {

    /** Longest query string accepted; the console's own links and searches stay far below. */
    static final int MAX_QUERY = 8 * 1024;
    /** Longest parameter name quoted back. */
    private static final int MAX_NAME = 64;

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String query = request.getQueryString();
        if (query != null && query.length() > MAX_QUERY) {
            refuse(
                    request,
                    response,
                    HttpStatus.URI_TOO_LONG,
                    null,
                    "error.414",
                    "The query string is " + query.length() + " characters; at most " + MAX_QUERY + " are accepted");
            return;
        }
        Map<String, String[]> parameters;
        try {
            parameters = isMultipart(request) ? queryParameters(query) : request.getParameterMap();
        } catch (RuntimeException e) {
            // Tomcat refuses too many or malformed parameters by throwing here
            refuse(
                    request,
                    response,
                    HttpStatus.BAD_REQUEST,
                    null,
                    "error.400",
                    "The request's parameters could not be read (too many, too large or malformed)");
            return;
        }
        for (Map.Entry<String, String[]> p : parameters.entrySet()) {
            Optional<Character> bad = control(p.getKey());
            for (String v : p.getValue()) {
                if (bad.isEmpty()) {
                    bad = control(v);
                }
            }
            if (bad.isPresent()) {
                String name = printable(p.getKey());
                String character = String.format(Locale.ROOT, "U+%04X", (int) bad.get());
                request.setAttribute(ErrorResponses.FIELD, name);
                request.setAttribute(ErrorResponses.ARGUMENTS, new Object[] {name, character});
                refuse(
                        request,
                        response,
                        HttpStatus.BAD_REQUEST,
                        name,
                        "error.parameter.control",
                        "Parameter '" + name + "' contains the control character " + character
                                + "; remove it and send the request again");
                return;
            }
        }
        chain.doFilter(request, response);
    }

    private static void refuse(
            HttpServletRequest request,
            HttpServletResponse response,
            HttpStatus status,
            String field,
            String code,
            String detail)
            throws IOException {
        request.setAttribute(ErrorResponses.DETAIL, detail);
        request.setAttribute(ErrorResponses.CODE, code);
        if (field != null) {
            request.setAttribute(ErrorResponses.FIELD, field);
        }
        response.sendError(status.value());
    }

    /** The first control character that has no place in a parameter: C0 other than tab, LF, CR, and DEL. */
    static Optional<Character> control(String s) {
        if (s == null) {
            return Optional.empty();
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 0x20 && c != '\t' && c != '\n' && c != '\r' || c == 0x7F) {
                return Optional.of(c);
            }
        }
        return Optional.empty();
    }

    /** A parameter name as it can be quoted back: control characters as '?', cut to a readable length. */
    private static String printable(String name) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < name.length() && sb.length() < MAX_NAME; i++) {
            char c = name.charAt(i);
            sb.append(c < 0x20 || c == 0x7F ? '?' : c);
        }
        return name.length() > MAX_NAME ? sb + "…" : sb.toString();
    }

    private static boolean isMultipart(HttpServletRequest request) {
        String type = request.getContentType();
        return type != null && type.toLowerCase(Locale.ROOT).startsWith("multipart/");
    }

    /** The query string's parameters; pairs that do not decode are left to the controllers. */
    private static Map<String, String[]> queryParameters(String query) {
        Map<String, String[]> out = new LinkedHashMap<>();
        if (query == null) {
            return out;
        }
        for (String pair : query.split("&")) {
            int eq = pair.indexOf('=');
            try {
                String name = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
                String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
                out.merge(name, new String[] {value}, (a, b) -> {
                    String[] both = new String[a.length + 1];
                    System.arraycopy(a, 0, both, 0, a.length);
                    both[a.length] = b[0];
                    return both;
                });
            } catch (IllegalArgumentException e) {
                // a malformed escape: the controllers refuse what they cannot read
            }
        }
        return out;
    }

    /** Registered ahead of Spring Security, which reads the login form's parameters. */
    @Configuration(proxyBeanMethods = false)
    static class Registration {

        /** Before the security filter chain (-100), after character encoding (highest precedence). */
        static final int ORDER = -200;

        @Bean
        FilterRegistrationBean<RequestParameterFilter> requestParameterFilter() {
            FilterRegistrationBean<RequestParameterFilter> bean =
                    new FilterRegistrationBean<>(new RequestParameterFilter());
            bean.setOrder(ORDER);
            return bean;
        }
    }
}
