package dev.mailward.audit;

import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.List;
import org.springframework.data.domain.Page;
import org.springframework.data.domain.PageImpl;
import org.springframework.data.domain.Pageable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Reads and appends audit entries. There is no update or delete, here or in the database.
 * Values longer than their columns are cut, never refused: an audit entry must not get lost.
 */
@Service
public class AuditLog {

    private final JdbcClient jdbc;

    AuditLog(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Appends one entry. */
    @Transactional
    public void append(AuditableAction a) {
        jdbc.sql("insert into audit_log (actor, source_address, action, target, detail) values (?, ?, ?, ?, ?)")
                .params(cut(a.actor() == null ? "system" : a.actor(), 100), cut(a.sourceAddress(), 64),
                        cut(a.action(), 100), cut(a.target(), 300), cut(a.detail(), 10_000))
                .update();
    }

    /**
     * Entries newest first, optionally filtered by exact action and actor.
     *
     * @param action exact action id, or blank for any
     * @param actor exact actor (case-insensitive), or blank for any
     */
    @Transactional(readOnly = true)
    public Page<AuditEntry> search(String action, String actor, Pageable page) {
        StringBuilder where = new StringBuilder(" where true");
        List<Object> params = new ArrayList<>();
        if (action != null && !action.isBlank()) {
            where.append(" and action = ?");
            params.add(action.strip());
        }
        if (actor != null && !actor.isBlank()) {
            where.append(" and lower(actor) = lower(?)");
            params.add(actor.strip());
        }
        long total = jdbc.sql("select count(*) from audit_log" + where).params(params).query(Long.class).single();
        List<Object> pageParams = new ArrayList<>(params);
        pageParams.add(page.getPageSize());
        pageParams.add(page.getOffset());
        List<AuditEntry> rows = jdbc.sql("select id, at, actor, source_address, action, target, detail from audit_log"
                        + where + " order by at desc, id desc limit ? offset ?")
                .params(pageParams)
                .query((rs, n) -> new AuditEntry(rs.getLong("id"), rs.getObject("at", java.time.OffsetDateTime.class).toInstant(),
                        rs.getString("actor"), rs.getString("source_address"), rs.getString("action"),
                        rs.getString("target"), rs.getString("detail")))
                .list();
        return new PageImpl<>(rows, page, total);
    }

    /** The distinct action ids present, for the filter. */
    @Transactional(readOnly = true)
    public List<String> actions() {
        return jdbc.sql("select distinct action from audit_log order by action limit 500").query(String.class).list();
    }

    private static String cut(String s, int max) {
        return s == null || s.length() <= max ? s : s.substring(0, max);
    }
}
