package dev.mailward.accounts;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import java.io.IOException;
import java.util.Collections;
import java.util.List;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Primary;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpSession;
import org.springframework.session.FindByIndexNameSessionRepository;
import org.springframework.session.Session;
import org.springframework.session.web.http.CookieHttpSessionIdResolver;
import org.springframework.session.web.http.CookieSerializer;
import org.springframework.session.web.http.HttpSessionIdResolver;
import org.springframework.session.web.http.SessionRepositoryFilter;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.util.WebUtils;

/**
 * Lets MockMvc tests keep passing sessions as {@code .session(mockSession)} now that console sessions live in
 * PostgreSQL (Spring Session JDBC): MockMvc sends no cookies, so the id of the stored session is also kept in
 * the request's {@link MockHttpSession}, and read back from it when the request has no session cookie. A
 * mock session whose stored session no longer exists (ended elsewhere) is invalidated, as the container's
 * own session was when sessions lived in memory. Requests over real HTTP (browser tests) carry the cookie and
 * are resolved exactly as in production; the stored sessions are the real ones in either case.
 */
@Configuration(proxyBeanMethods = false)
public class MockMvcSessionIds {

    private static final String ID = MockMvcSessionIds.class.getName() + ".id";

    /** The id of the stored (PostgreSQL) session a mock session stands for. */
    public static String storedId(HttpSession mock) {
        return (String) mock.getAttribute(ID);
    }

    /** The production resolver, declared so that Spring Boot still configures its cookie as in production. */
    @Bean
    CookieHttpSessionIdResolver cookieSessionIds() {
        return new CookieHttpSessionIdResolver();
    }

    @Bean
    @Primary
    HttpSessionIdResolver mockMvcSessionIdResolver(
            CookieHttpSessionIdResolver cookies,
            CookieSerializer serializer,
            FindByIndexNameSessionRepository<? extends Session> sessions) {
        cookies.setCookieSerializer(serializer);
        return new Bridge(cookies, sessions);
    }

    /**
     * What a test puts into the mock session itself ({@code flashAttrs}, {@code sessionAttr}) is moved into the
     * stored session, right after Spring Session's filter has wrapped the request.
     */
    @Bean
    FilterRegistrationBean<OncePerRequestFilter> mockSessionAttributes() {
        OncePerRequestFilter move = new OncePerRequestFilter() {
            @Override
            protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
                    throws ServletException, IOException {
                MockHttpServletRequest mock = WebUtils.getNativeRequest(request, MockHttpServletRequest.class);
                HttpSession held = mock == null ? null : mock.getSession(false);
                if (held != null) {
                    for (String name : Collections.list(held.getAttributeNames())) {
                        if (!name.equals(ID)) {
                            request.getSession(true).setAttribute(name, held.getAttribute(name));
                            held.removeAttribute(name);
                        }
                    }
                }
                chain.doFilter(request, response);
            }
        };
        FilterRegistrationBean<OncePerRequestFilter> registration = new FilterRegistrationBean<>(move);
        registration.setOrder(SessionRepositoryFilter.DEFAULT_ORDER + 1);
        return registration;
    }

    private record Bridge(
            CookieHttpSessionIdResolver cookies, FindByIndexNameSessionRepository<? extends Session> sessions)
            implements HttpSessionIdResolver {

        @Override
        public List<String> resolveSessionIds(HttpServletRequest request) {
            List<String> fromCookie = cookies.resolveSessionIds(request);
            MockHttpServletRequest mock = WebUtils.getNativeRequest(request, MockHttpServletRequest.class);
            if (!fromCookie.isEmpty() || mock == null) {
                return fromCookie;
            }
            HttpSession held = mock.getSession(false);
            if (held == null || !(held.getAttribute(ID) instanceof String id)) {
                return fromCookie;
            }
            if (sessions.findById(id) == null) {
                // ended elsewhere: the id still reaches the application (which may explain why), the mock ends
                held.invalidate();
            }
            return List.of(id);
        }

        @Override
        public void setSessionId(HttpServletRequest request, HttpServletResponse response, String sessionId) {
            cookies.setSessionId(request, response, sessionId);
            MockHttpServletRequest mock = WebUtils.getNativeRequest(request, MockHttpServletRequest.class);
            if (mock != null) {
                mock.getSession(true).setAttribute(ID, sessionId);
            }
        }

        @Override
        public void expireSession(HttpServletRequest request, HttpServletResponse response) {
            cookies.expireSession(request, response);
            MockHttpServletRequest mock = WebUtils.getNativeRequest(request, MockHttpServletRequest.class);
            if (mock != null
                    && mock.getSession(false) instanceof MockHttpSession held
                    && !held.isInvalid()
                    && held.getAttribute(ID) != null) {
                held.invalidate();
            }
        }
    }
}
