package dev.mailward.accounts;

import dev.mailward.shared.AuditableAction;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpSession;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.authentication.event.LogoutSuccessEvent;
import org.springframework.session.FindByIndexNameSessionRepository;
import org.springframework.session.Session;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;

/**
 * A user's console sessions, which live in PostgreSQL (Spring Session JDBC) and are shared by every console
 * on the database: the signed-in user's own list ({@link #mine}), signing out one of them or all the others,
 * and the end of every session of an account that changed (disabled, role lowered, password set). Every end
 * is audited ({@code session.*}). Sessions ended on purpose leave a note ({@code account_session_end}, by a
 * digest of the session id, kept for the absolute timeout) so that a browser coming back with one is told why
 * it must sign in again.
 *
 * <p>A session is named to its owner by the SHA-256 digest of its id ({@link SessionView#handle()}), never by
 * the id itself, which is the credential.
 */
@Service
public class AccountSessions {

    /** Session attribute: the browser, shortened from the {@code User-Agent} at sign-in. */
    static final String BROWSER = "mailward.session.browser";
    /** Session attribute: the client address at sign-in. */
    static final String ADDRESS = "mailward.session.address";

    /** Why a session was ended on purpose; says where its browser is sent. */
    enum EndReason {
        /** The account changed (disabled, role lowered, password set): {@code /login?ended}. */
        ACCOUNT_CHANGED("/login?ended"),
        /** Its owner signed it out from another session: {@code /login?logout}. */
        SIGNED_OUT("/login?logout");

        private final String loginPage;

        EndReason(String loginPage) {
            this.loginPage = loginPage;
        }

        String loginPage() {
            return loginPage;
        }
    }

    private static final Logger log = LoggerFactory.getLogger(AccountSessions.class);

    private final FindByIndexNameSessionRepository<? extends Session> sessions;
    private final JdbcClient jdbc;
    private final ApplicationEventPublisher events;
    private final AccountsProperties.Session settings;
    private final Clock clock = Clock.systemUTC();

    AccountSessions(
            FindByIndexNameSessionRepository<? extends Session> sessions,
            JdbcTemplate jdbc,
            ApplicationEventPublisher events,
            AccountsProperties properties) {
        this.sessions = sessions;
        this.jdbc = JdbcClient.create(jdbc);
        this.events = events;
        this.settings = properties.session();
    }

    /** The signed-in user's sessions, this one first, then the most recently used. */
    @PreAuthorize("isAuthenticated()")
    public List<SessionView> mine() {
        String current = currentSessionId().orElse("");
        return own().values().stream()
                .map(s -> view(s, current))
                .sorted(Comparator.comparing(SessionView::current)
                        .reversed()
                        .thenComparing(
                                Comparator.comparing(SessionView::lastSeen).reversed()))
                .toList();
    }

    /**
     * Signs out one of the signed-in user's other sessions (this one is signed out with {@code /logout}).
     *
     * @return whether there was such a session
     */
    @PreAuthorize("isAuthenticated()")
    @Transactional
    public boolean signOut(String handle) {
        String current = currentSessionId().orElse("");
        Optional<? extends Session> found = own().values().stream()
                .filter(s -> !s.getId().equals(current) && digest(s.getId()).equals(handle))
                .findFirst();
        found.ifPresent(s -> {
            String user = CurrentUser.actorName();
            events.publishEvent(new AuditableAction(
                    user, null, "session.signed-out", "user:" + user, "from another session; " + describe(s)));
            endAfterCommit(List.of(s.getId()), EndReason.SIGNED_OUT);
        });
        return found.isPresent();
    }

    /** Signs out every session of the signed-in user except this one; returns how many there were. */
    @PreAuthorize("isAuthenticated()")
    @Transactional
    public int signOutOthers() {
        String current = currentSessionId().orElse("");
        List<String> others =
                own().keySet().stream().filter(id -> !id.equals(current)).toList();
        if (!others.isEmpty()) {
            String user = CurrentUser.actorName();
            events.publishEvent(new AuditableAction(
                    user, null, "session.signed-out-everywhere", "user:" + user, others.size() + " other sessions"));
            endAfterCommit(others, EndReason.SIGNED_OUT);
        }
        return others.size();
    }

    /**
     * Ends every session of {@code username} (but {@code except}, the acting user's own when they set their own
     * password) once the calling transaction commits, and audits it there: the account changed.
     */
    void endAllOf(String username, String actor, String why, Optional<String> except) {
        List<String> ids = sessions.findByPrincipalName(username).keySet().stream()
                .filter(id -> except.map(e -> !e.equals(id)).orElse(true))
                .toList();
        if (ids.isEmpty()) {
            return;
        }
        events.publishEvent(new AuditableAction(
                actor, null, "session.revoked", "user:" + username, ids.size() + " sessions ended: " + why));
        endAfterCommit(ids, EndReason.ACCOUNT_CHANGED);
    }

    /** A sign-out with {@code /logout} (Spring Security's event): audited like every other end of a session. */
    @EventListener
    void on(LogoutSuccessEvent e) {
        if (e.getAuthentication() != null && e.getAuthentication().getPrincipal() instanceof AccountPrincipal p) {
            events.publishEvent(new AuditableAction(
                    p.getUsername(), null, "session.signed-out", "user:" + p.getUsername(), "signed out"));
        }
    }

    /** Audits a session that outlived the absolute timeout; the caller ends it. */
    @Transactional
    void expired(String username, Instant signedIn) {
        events.publishEvent(new AuditableAction(
                username,
                null,
                "session.expired",
                "user:" + username,
                "absolute timeout " + settings.absoluteTimeout() + " reached; signed in at " + signedIn));
    }

    /** Whether the session, signed in at {@code created}, has outlived the absolute timeout. */
    boolean beyondAbsoluteTimeout(Instant created) {
        return created.plus(settings.absoluteTimeout()).isBefore(clock.instant());
    }

    /**
     * Why the session with this id was ended on purpose, if it was; the note is used up (the login page
     * explains once).
     */
    Optional<EndReason> takeEndReason(String sessionId) {
        String digest = digest(sessionId);
        Optional<EndReason> reason = jdbc.sql("select reason from account_session_end where session_digest = ?")
                .param(digest)
                .query(String.class)
                .optional()
                .map(EndReason::valueOf);
        reason.ifPresent(r -> jdbc.sql("delete from account_session_end where session_digest = ?")
                .param(digest)
                .update());
        return reason;
    }

    /** Remembers where the browser comes from, shown in the owner's list of sessions (at each kind of sign-in). */
    public static void describeAtSignIn(HttpServletRequest request) {
        HttpSession session = request.getSession();
        session.setAttribute(BROWSER, BrowserNames.shorten(request.getHeader("User-Agent")));
        session.setAttribute(ADDRESS, Objects.requireNonNullElse(request.getRemoteAddr(), ""));
    }

    private Map<String, ? extends Session> own() {
        return sessions.findByPrincipalName(CurrentUser.actorName());
    }

    private void endAfterCommit(List<String> ids, EndReason reason) {
        Runnable end = () -> end(ids, reason);
        if (TransactionSynchronizationManager.isSynchronizationActive()) {
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                @Override
                public void afterCommit() {
                    end.run();
                }
            });
        } else {
            end.run();
        }
    }

    private void end(List<String> ids, EndReason reason) {
        Instant now = clock.instant();
        // notes older than any session can last are of no more use
        jdbc.sql("delete from account_session_end where ended_at < ?")
                .param(Timestamp.from(now.minus(settings.absoluteTimeout())))
                .update();
        for (String id : ids) {
            jdbc.sql("insert into account_session_end (session_digest, reason, ended_at) values (?, ?, ?)"
                            + " on conflict (session_digest) do nothing")
                    .params(digest(id), reason.name(), Timestamp.from(now))
                    .update();
            sessions.deleteById(id);
        }
        log.info("{} sessions ended ({})", ids.size(), reason);
    }

    private SessionView view(Session s, String current) {
        return new SessionView(
                digest(s.getId()),
                Objects.requireNonNullElse(s.getAttribute(BROWSER), ""),
                Objects.requireNonNullElse(s.getAttribute(ADDRESS), ""),
                s.getCreationTime(),
                s.getLastAccessedTime(),
                s.getId().equals(current));
    }

    private static String describe(Session s) {
        return Objects.requireNonNullElse(s.getAttribute(BROWSER), "unknown browser") + ", "
                + Objects.requireNonNullElse(s.getAttribute(ADDRESS), "unknown address") + ", signed in at "
                + s.getCreationTime();
    }

    /** The id of the current request's session, if there is one. */
    static Optional<String> currentSessionId() {
        if (RequestContextHolder.getRequestAttributes() instanceof ServletRequestAttributes r) {
            return Optional.ofNullable(r.getRequest().getSession(false)).map(HttpSession::getId);
        }
        return Optional.empty();
    }

    static String digest(String sessionId) {
        try {
            return HexFormat.of()
                    .formatHex(MessageDigest.getInstance("SHA-256").digest(sessionId.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing", e);
        }
    }
}
