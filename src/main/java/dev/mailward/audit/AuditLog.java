package dev.mailward.audit;

import dev.mailward.accounts.AccessScope;
import dev.mailward.accounts.CurrentUser;
import dev.mailward.accounts.Role;
import dev.mailward.shared.AuditableAction;
import jakarta.servlet.http.HttpServletRequest;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import javax.sql.DataSource;
import org.springframework.data.domain.Page;
import org.springframework.data.domain.PageImpl;
import org.springframework.data.domain.Pageable;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;

/**
 * Reads and appends audit entries. There is no update or delete, here or in the database.
 * Values longer than their columns are cut, never refused: an audit entry must not get lost. An
 * action taken through an API token has {@code via=token:mw_<prefix>} at the end of its detail.
 *
 * <p>Visibility: admins see every entry; auditors see the entries of their teams (entries that
 * concern no team, such as logins and user changes, are for admins only); other roles none.
 */
@Service
public class AuditLog {

    /** Most rows one CSV export writes; a larger export must be narrowed by date. */
    public static final int EXPORT_MAX_ROWS = 1_000_000;

    private static final String COLUMNS = "id, at, actor, source_address, action, target, detail, team_id";

    private final JdbcClient jdbc;
    private final JdbcClient streaming;

    AuditLog(JdbcClient jdbc, DataSource dataSource) {
        this.jdbc = jdbc;
        JdbcTemplate template = new JdbcTemplate(dataSource);
        // PostgreSQL streams with a cursor only inside a transaction and with a fetch size
        template.setFetchSize(500);
        template.setMaxRows(EXPORT_MAX_ROWS);
        this.streaming = JdbcClient.create(template);
    }

    /**
     * Appends one entry. Without a source address, the current HTTP request's client address is
     * used (none outside a request).
     */
    @Transactional
    public void append(AuditableAction a) {
        String source = SourceAddresses.text(
                a.sourceAddress() != null
                        ? a.sourceAddress()
                        : currentRequestAddress().orElse(null));
        // an action taken through an API token names the token, so that its uses can be traced and judged
        String detail = CurrentUser.apiToken()
                .filter(t -> a.actor() != null && a.actor().equals(CurrentUser.actorName()))
                .map(t -> (a.detail() == null || a.detail().isEmpty() ? "" : a.detail() + " ") + "via=token:" + t)
                .orElse(a.detail());
        jdbc.sql(
                        "insert into audit_log (actor, source_address, action, target, detail, team_id) values (?, ?, ?, ?, ?, ?)")
                .params(
                        cut(a.actor() == null ? "system" : a.actor(), 100),
                        cut(source, 64),
                        cut(a.action(), 100),
                        cut(a.target(), 300),
                        cut(detail, 10_000),
                        a.teamId())
                .update();
    }

    /**
     * Entries newest first, optionally filtered by exact action and actor; unscoped (every entry).
     *
     * @param action exact action id, or blank for any
     * @param actor exact actor (case-insensitive), or blank for any
     */
    @Transactional(readOnly = true)
    public Page<AuditEntry> search(String action, String actor, Pageable page) {
        return page(new Where(AuditQuery.of(action, actor, null, null), Optional.empty()), page);
    }

    /** The entries the scope may see that match the query, newest first. */
    @PreAuthorize("hasAnyRole('ADMIN','AUDITOR')")
    @Transactional(readOnly = true)
    public Page<AuditEntry> search(AuditQuery query, AccessScope scope, Pageable page) {
        return page(new Where(query, Optional.of(scope)), page);
    }

    /**
     * Streams the entries the scope may see that match the query, newest first, to {@code sink}
     * (at most {@link #EXPORT_MAX_ROWS}); rows are fetched in batches, never all held in memory.
     */
    @PreAuthorize("hasAnyRole('ADMIN','AUDITOR')")
    @Transactional(readOnly = true)
    public void export(AuditQuery query, AccessScope scope, Consumer<AuditEntry> sink) {
        Where where = new Where(query, Optional.of(scope));
        streaming
                .sql("select " + COLUMNS + " from audit_log" + where.sql + " order by at desc, id desc")
                .params(where.params)
                .query(rs -> {
                    sink.accept(entry(rs));
                });
    }

    /** The distinct action ids present, for the filter (unscoped: action ids are no secret). */
    @Transactional(readOnly = true)
    public List<String> actions() {
        return jdbc.sql("select distinct action from audit_log order by action limit 500")
                .query(String.class)
                .list();
    }

    /** The team of the latest entry about {@code target} that had one. */
    @Transactional(readOnly = true)
    Optional<Long> lastKnownTeam(String target) {
        return jdbc.sql(
                        "select team_id from audit_log where target = ? and team_id is not null order by id desc limit 1")
                .param(target)
                .query(Long.class)
                .optional();
    }

    private Page<AuditEntry> page(Where where, Pageable page) {
        long total = jdbc.sql("select count(*) from audit_log" + where.sql)
                .params(where.params)
                .query(Long.class)
                .single();
        List<Object> pageParams = new ArrayList<>(where.params);
        pageParams.add(page.getPageSize());
        pageParams.add(page.getOffset());
        List<AuditEntry> rows = jdbc.sql("select " + COLUMNS + " from audit_log" + where.sql
                        + " order by at desc, id desc limit ? offset ?")
                .params(pageParams)
                .query((rs, n) -> entry(rs))
                .list();
        return new PageImpl<>(rows, page, total);
    }

    /** The SQL condition of a query and a scope (none: unscoped). */
    private static final class Where {
        final String sql;
        final List<Object> params = new ArrayList<>();

        Where(AuditQuery q, Optional<AccessScope> scope) {
            StringBuilder where = new StringBuilder(" where true");
            q.action().ifPresent(a -> {
                where.append(" and action = ?");
                params.add(a);
            });
            q.actor().ifPresent(a -> {
                where.append(" and lower(actor) = lower(?)");
                params.add(a);
            });
            q.from().ifPresent(d -> {
                where.append(" and at >= ?");
                params.add(startOf(d));
            });
            q.to().ifPresent(d -> {
                where.append(" and at < ?");
                params.add(startOf(d.plusDays(1)));
            });
            scope.ifPresent(s -> {
                if (s.isAdmin()) {
                    return;
                }
                if (s.role() != Role.AUDITOR) {
                    throw new AccessDeniedException("the audit log is for admins and auditors");
                }
                // an auditor of no team sees nothing (any of an empty array is false)
                where.append(" and team_id = any (?)");
                params.add(s.teamIds().toArray(Long[]::new));
            });
            this.sql = where.toString();
        }

        private static OffsetDateTime startOf(LocalDate day) {
            return day.atStartOfDay().atOffset(ZoneOffset.UTC);
        }
    }

    private static AuditEntry entry(ResultSet rs) throws SQLException {
        // an entry of no team (admin-only, system) has none: not team 0
        Long team = rs.getObject("team_id", Long.class);
        return new AuditEntry(
                rs.getLong("id"),
                rs.getObject("at", OffsetDateTime.class).toInstant(),
                rs.getString("actor"),
                SourceAddresses.text(rs.getString("source_address")),
                rs.getString("action"),
                rs.getString("target"),
                rs.getString("detail"),
                team);
    }

    private static Optional<String> currentRequestAddress() {
        if (RequestContextHolder.getRequestAttributes() instanceof ServletRequestAttributes attributes) {
            HttpServletRequest request = attributes.getRequest();
            return Optional.ofNullable(request.getRemoteAddr());
        }
        return Optional.empty();
    }

    private static String cut(String s, int max) {
        return s == null || s.length() <= max ? s : s.substring(0, max);
    }
}
