package dev.mailward.database;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLTransientConnectionException;
import java.util.IdentityHashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.core.Ordered;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.TransientDataAccessResourceException;
import org.springframework.stereotype.Component;
import org.springframework.transaction.CannotCreateTransactionException;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * While the database cannot be reached, every request that needed it is answered 503 with
 * {@code Retry-After}, not 500: RFC 9457 problem details under {@code /api/}, the error page
 * otherwise. Runs before Spring Security, so that a token or password that could not be looked up
 * is answered alike.
 */
@Component
class DatabaseUnavailableFilter extends OncePerRequestFilter implements Ordered {

    /** The problem type of the answer under {@code /api/}. */
    static final String PROBLEM_TYPE = "urn:mailward:problem:database-unavailable";
    /** Request attribute the error page reads: the embedded server is being restarted. */
    static final String RESTARTING = "mailwardDatabaseRestarting";

    static final String RETRY_AFTER_SECONDS = "60";

    private static final Logger log = LoggerFactory.getLogger(DatabaseUnavailableFilter.class);
    private static final int MAX_CAUSES = 16;

    private final ObjectProvider<EmbeddedPostgresSupervisor> supervisor;

    DatabaseUnavailableFilter(ObjectProvider<EmbeddedPostgresSupervisor> supervisor) {
        this.supervisor = supervisor;
    }

    @Override
    public int getOrder() {
        // after character encoding, before Spring Security (-100)
        return Ordered.HIGHEST_PRECEDENCE + 50;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        EmbeddedPostgresSupervisor s = supervisor.getIfAvailable();
        if (s != null && s.state() != EmbeddedPostgresSupervisor.State.RUNNING && !needsNoDatabase(request)) {
            // known to be down: answer at once instead of letting the request wait for the pool
            unavailable(request, response, true);
            return;
        }
        try {
            chain.doFilter(request, response);
        } catch (ServletException | IOException | RuntimeException e) {
            if (!unavailable(e) || response.isCommitted()) {
                throw e;
            }
            log.warn(
                    "{} {} answered 503: the database is unavailable ({})",
                    request.getMethod(),
                    request.getRequestURI(),
                    rootMessage(e));
            unavailable(request, response, s != null);
        }
    }

    private static void unavailable(HttpServletRequest request, HttpServletResponse response, boolean restarting)
            throws IOException {
        response.reset();
        response.setHeader("Retry-After", RETRY_AFTER_SECONDS);
        response.setHeader("Cache-Control", "no-store");
        if (request.getRequestURI().startsWith(request.getContextPath() + "/api/")) {
            response.setStatus(HttpServletResponse.SC_SERVICE_UNAVAILABLE);
            response.setContentType("application/problem+json");
            response.setCharacterEncoding(StandardCharsets.UTF_8.name());
            response.getWriter()
                    .write("{\"type\":\"" + PROBLEM_TYPE + "\",\"title\":\"Database unavailable\","
                            + "\"status\":503,\"detail\":\"" + detail(restarting) + "\"}");
        } else {
            request.setAttribute(RESTARTING, restarting);
            response.sendError(HttpServletResponse.SC_SERVICE_UNAVAILABLE);
        }
    }

    /** Health checks and static files are served while the database is down. */
    private static boolean needsNoDatabase(HttpServletRequest request) {
        String path = request.getRequestURI().substring(request.getContextPath().length());
        return path.startsWith("/actuator/")
                || path.startsWith("/css/")
                || path.startsWith("/js/")
                || path.startsWith("/img/")
                || path.startsWith("/webjars/")
                || path.equals("/favicon.ico");
    }

    /** The words of the answer. */
    static String detail(boolean restarting) {
        return restarting
                ? "The database is unavailable; Mailward is restarting it. Try again in a minute."
                : "The database is unavailable. Try again in a minute.";
    }

    /**
     * Whether {@code e} means that no connection to the database could be had or kept (as opposed
     * to a query the database refused).
     */
    static boolean unavailable(Throwable e) {
        Map<Throwable, Boolean> seen = new IdentityHashMap<>();
        for (Throwable t = e; t != null && seen.size() < MAX_CAUSES && seen.put(t, true) == null; t = t.getCause()) {
            if (t instanceof CannotCreateTransactionException
                    || t instanceof DataAccessResourceFailureException
                    || t instanceof TransientDataAccessResourceException
                    || t instanceof SQLTransientConnectionException
                    || t instanceof SQLNonTransientConnectionException) {
                return true;
            }
            // 08: connection exception; 57P01-57P03: the server shuts down, crashed or is starting up
            if (t instanceof SQLException s
                    && s.getSQLState() != null
                    && (s.getSQLState().startsWith("08") || s.getSQLState().startsWith("57P"))) {
                return true;
            }
        }
        return false;
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        for (int i = 0; i < MAX_CAUSES && t.getCause() != null && t.getCause() != t; i++) {
            t = t.getCause();
        }
        return t.getClass().getSimpleName() + ": " + t.getMessage();
    }
}
