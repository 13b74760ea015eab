package dev.mailward.accounts;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.springframework.session.FindByIndexNameSessionRepository;
import org.springframework.session.Session;

/**
 * The console's sessions in PostgreSQL, read and written no more often than a request needs: Spring Session
 * JDBC on its own writes every session back on every request (its last access time changed) and reads it twice
 * (once for the request, once more after saving it, to decide whether to send the cookie again). Here:
 *
 * <ul>
 *   <li>the last access time is stored when it moved on by at least {@link #touchInterval} (a sixtieth of the session's
 *       idle timeout, at most a minute), so a page that changes nothing in its session writes nothing, and a session
 *       ends at most that much before its idle timeout would have ended it counted to the millisecond;
 *   <li>the session a request has just saved answers that request's lookup of the same id, instead of a second
 *       query: the repository keeps it for the thread that saved it until {@link #forget()}, which a filter
 *       around Spring Session's calls at the start and the end of every request.
 * </ul>
 *
 * Everything else (attributes, a changed id, a signed-in principal, ending a session elsewhere) goes to the
 * store as before, at once.
 */
final class SparingSessionRepository<S extends Session>
        implements FindByIndexNameSessionRepository<SparingSessionRepository.Sparing<S>> {

    private final FindByIndexNameSessionRepository<S> store;
    private final ThreadLocal<Sparing<S>> justSaved = new ThreadLocal<>();

    SparingSessionRepository(FindByIndexNameSessionRepository<S> store) {
        this.store = store;
    }

    /**
     * How far the last access time of a session with this idle timeout must have moved on before it is stored
     * again; a session that never times out (a negative timeout) is stored at most once a minute.
     */
    static Duration touchInterval(Duration idleTimeout) {
        if (idleTimeout.isNegative()) {
            return Duration.ofMinutes(1);
        }
        Duration sixtieth = idleTimeout.dividedBy(60);
        return sixtieth.compareTo(Duration.ofMinutes(1)) > 0 ? Duration.ofMinutes(1) : sixtieth;
    }

    /** Drops the session this thread saved last: called when a request starts and when it ends. */
    void forget() {
        justSaved.remove();
    }

    @Override
    public Sparing<S> createSession() {
        return new Sparing<>(store.createSession());
    }

    @Override
    public void save(Sparing<S> session) {
        store.save(session.stored);
        justSaved.set(session);
    }

    @Override
    public Sparing<S> findById(String id) {
        Sparing<S> saved = justSaved.get();
        if (saved != null && saved.getId().equals(id)) {
            return saved;
        }
        S found = store.findById(id);
        return found == null ? null : new Sparing<>(found);
    }

    @Override
    public void deleteById(String id) {
        Sparing<S> saved = justSaved.get();
        if (saved != null && saved.getId().equals(id)) {
            justSaved.remove();
        }
        store.deleteById(id);
    }

    @Override
    public Map<String, Sparing<S>> findByIndexNameAndIndexValue(String indexName, String indexValue) {
        Map<String, Sparing<S>> found = new LinkedHashMap<>();
        store.findByIndexNameAndIndexValue(indexName, indexValue).forEach((id, s) -> found.put(id, new Sparing<>(s)));
        return found;
    }

    /** A stored session whose last access time is passed on only when it moved on by the touch interval. */
    static final class Sparing<S extends Session> implements Session {

        private final S stored;

        Sparing(S stored) {
            this.stored = stored;
        }

        @Override
        public void setLastAccessedTime(Instant lastAccessedTime) {
            Duration interval = touchInterval(stored.getMaxInactiveInterval());
            if (Duration.between(stored.getLastAccessedTime(), lastAccessedTime).compareTo(interval) >= 0) {
                stored.setLastAccessedTime(lastAccessedTime);
            }
        }

        @Override
        public String getId() {
            return stored.getId();
        }

        @Override
        public String changeSessionId() {
            return stored.changeSessionId();
        }

        @Override
        public <T> T getAttribute(String attributeName) {
            return stored.getAttribute(attributeName);
        }

        @Override
        public Set<String> getAttributeNames() {
            return stored.getAttributeNames();
        }

        @Override
        public void setAttribute(String attributeName, Object attributeValue) {
            stored.setAttribute(attributeName, attributeValue);
        }

        @Override
        public void removeAttribute(String attributeName) {
            stored.removeAttribute(attributeName);
        }

        @Override
        public Instant getCreationTime() {
            return stored.getCreationTime();
        }

        @Override
        public Instant getLastAccessedTime() {
            return stored.getLastAccessedTime();
        }

        @Override
        public void setMaxInactiveInterval(Duration interval) {
            stored.setMaxInactiveInterval(interval);
        }

        @Override
        public Duration getMaxInactiveInterval() {
            return stored.getMaxInactiveInterval();
        }

        @Override
        public boolean isExpired() {
            return stored.isExpired();
        }
    }
}
