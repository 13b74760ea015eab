package dev.mailward.accounts;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;
import org.springframework.session.FindByIndexNameSessionRepository;
import org.springframework.session.MapSession;

/**
 * {@link SparingSessionRepository} over a store that counts its reads and writes: the last access time is passed
 * on once per touch interval, and a request's own lookup after its save is answered without a read, for that
 * thread and until it is forgotten. The store of the console (Spring Session JDBC) is exercised by
 * {@link AccountSessionsIntegrationTests}.
 */
class SparingSessionRepositoryTests {

    /** An in-memory store that copies on save and on read, as a database does, and counts both. */
    static final class CountingStore implements FindByIndexNameSessionRepository<MapSession> {
        final Map<String, MapSession> stored = new ConcurrentHashMap<>();
        int reads;
        int saves;

        @Override
        public MapSession createSession() {
            MapSession session = new MapSession();
            session.setMaxInactiveInterval(Duration.ofHours(8));
            return session;
        }

        @Override
        public void save(MapSession session) {
            saves++;
            stored.put(session.getId(), new MapSession(session));
        }

        @Override
        public MapSession findById(String id) {
            reads++;
            MapSession found = stored.get(id);
            return found == null ? null : new MapSession(found);
        }

        @Override
        public void deleteById(String id) {
            stored.remove(id);
        }

        @Override
        public Map<String, MapSession> findByIndexNameAndIndexValue(String indexName, String indexValue) {
            Map<String, MapSession> found = new HashMap<>();
            stored.forEach((id, s) -> {
                if (indexValue.equals(s.getAttribute(PRINCIPAL_NAME_INDEX_NAME))) {
                    found.put(id, new MapSession(s));
                }
            });
            return found;
        }
    }

    final CountingStore store = new CountingStore();
    final SparingSessionRepository<MapSession> sessions = new SparingSessionRepository<>(store);

    @Test
    void theTouchIntervalIsASixtiethOfTheIdleTimeoutAndAtMostAMinute() {
        assertThat(SparingSessionRepository.touchInterval(Duration.ofHours(8))).isEqualTo(Duration.ofMinutes(1));
        assertThat(SparingSessionRepository.touchInterval(Duration.ofMinutes(30)))
                .isEqualTo(Duration.ofSeconds(30));
        assertThat(SparingSessionRepository.touchInterval(Duration.ofMinutes(1)))
                .isEqualTo(Duration.ofSeconds(1));
        assertThat(SparingSessionRepository.touchInterval(Duration.ofSeconds(-1)))
                .isEqualTo(Duration.ofMinutes(1));
    }

    @Test
    void theLastAccessTimeIsPassedOnOnlyWhenItMovedOnByTheTouchInterval() {
        var session = sessions.createSession();
        Instant opened = session.getLastAccessedTime();

        session.setLastAccessedTime(opened.plusSeconds(59));
        assertThat(session.getLastAccessedTime()).isEqualTo(opened);

        session.setLastAccessedTime(opened.plusSeconds(60));
        assertThat(session.getLastAccessedTime()).isEqualTo(opened.plusSeconds(60));

        session.setLastAccessedTime(opened.plusSeconds(100));
        assertThat(session.getLastAccessedTime()).isEqualTo(opened.plusSeconds(60));
    }

    @Test
    void attributesAndTheTimeoutGoToTheStoredSessionAtOnce() {
        var session = sessions.createSession();
        session.setAttribute("a", "b");
        session.setMaxInactiveInterval(Duration.ofMinutes(30));
        sessions.save(session);
        sessions.forget();

        var found = sessions.findById(session.getId());
        assertThat(found.<String>getAttribute("a")).isEqualTo("b");
        assertThat(found.getMaxInactiveInterval()).isEqualTo(Duration.ofMinutes(30));
        assertThat(store.saves).isEqualTo(1);
    }

    @Test
    void theLookupRightAfterASaveIsAnsweredWithoutARead() {
        var session = sessions.createSession();
        sessions.save(session);
        int reads = store.reads;

        assertThat(sessions.findById(session.getId())).isSameAs(session);
        assertThat(store.reads).isEqualTo(reads);
    }

    @Test
    void anotherIdAnotherThreadOrTheNextRequestReadsTheStore() throws Exception {
        var session = sessions.createSession();
        sessions.save(session);
        MapSession other = store.createSession();
        store.save(other);
        int reads = store.reads;

        assertThat(sessions.findById(other.getId()).getId()).isEqualTo(other.getId());
        assertThat(store.reads).isEqualTo(reads + 1);

        var onAnotherThread = CompletableFuture.supplyAsync(() -> sessions.findById(session.getId()))
                .get();
        assertThat(onAnotherThread).isNotSameAs(session);
        assertThat(store.reads).isEqualTo(reads + 2);

        sessions.forget();
        assertThat(sessions.findById(session.getId())).isNotSameAs(session);
        assertThat(store.reads).isEqualTo(reads + 3);
    }

    @Test
    void aSessionDeletedAfterItsSaveIsNotFoundAgain() {
        var session = sessions.createSession();
        sessions.save(session);

        sessions.deleteById(session.getId());

        assertThat(sessions.findById(session.getId())).isNull();
    }

    @Test
    void sessionsFoundByPrincipalAreTheStoredOnes() {
        var session = sessions.createSession();
        session.setAttribute(FindByIndexNameSessionRepository.PRINCIPAL_NAME_INDEX_NAME, "alice");
        sessions.save(session);

        assertThat(sessions.findByPrincipalName("alice")).containsOnlyKeys(session.getId());
        assertThat(sessions.findByPrincipalName("bob")).isEmpty();
    }
}
