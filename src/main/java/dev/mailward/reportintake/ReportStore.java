package dev.mailward.reportintake;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.ConnectionCallback;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The intake's tables ({@code reportintake_*}, V31, V32) and the inventory's published view
 * {@code inventory_domain_v} (which domain a report is about, and its team). Periods are half-open
 * {@code [from 00:00Z, to + 1 day 00:00Z)} over a report's {@code period_begin}.
 */
@Repository
class ReportStore {

    private static final Logger log = LoggerFactory.getLogger(ReportStore.class);

    /** An inventory domain: id, A-label, team. */
    record Domain(long id, String name, long teamId) {}

    /** Who and how, for every row written. */
    record Receipt(ReportSource source, String fileName, Instant at, String by) {}

    private static final int TOP = 200;
    private static final int TOP_FAILING = 20;

    private final JdbcClient jdbc;
    private final JdbcTemplate template;

    ReportStore(JdbcClient jdbc, JdbcTemplate template) {
        this.jdbc = jdbc;
        this.template = template;
    }

    Optional<Domain> domainByName(String aLabel) {
        return jdbc.sql("select id, a_label, team_id from inventory_domain_v where a_label = :name")
                .param("name", aLabel)
                .query((rs, n) -> new Domain(rs.getLong(1), rs.getString(2), rs.getLong(3)))
                .optional();
    }

    Optional<Domain> domainById(long id) {
        return jdbc.sql("select id, a_label, team_id from inventory_domain_v where id = :id")
                .param("id", id)
                .query((rs, n) -> new Domain(rs.getLong(1), rs.getString(2), rs.getLong(3)))
                .optional();
    }

    /** Stores the report and its rows; empty when the same reporter's report id is already stored. */
    Optional<Long> insertDmarc(DmarcReport r, Long domainId, Receipt receipt) {
        try {
            return writeDmarc(header -> domainId, receipt, new Busiest(0), sink -> {
                        sink.begin(r);
                        for (DmarcReport.Row row : r.rows()) {
                            sink.row(row);
                        }
                        return r;
                    })
                    .id();
        } catch (Unreadable e) {
            throw new IllegalStateException("a parsed report is always readable", e);
        }
    }

    /** Reads a DMARC report into the sink it is given, which stores it ({@link #writeDmarc}). */
    @FunctionalInterface
    interface DmarcReading {
        DmarcReport read(DmarcXml.Sink sink) throws Unreadable;
    }

    /**
     * What {@link #writeDmarc} stored: the report (without its records), the inventory domain it was attributed
     * to, its id (empty when the same reporter's report id was already stored), and its busiest sources.
     */
    record WrittenDmarc(DmarcReport report, Long domainId, Optional<Long> id, Busiest busiest) {}

    /** A report that turned out unreadable while it was being stored; the transaction rolls back. */
    static final class UnreadableWhileWriting extends RuntimeException {
        UnreadableWhileWriting(Unreadable cause) {
            super(cause.getMessage(), cause);
        }

        Unreadable unreadable() {
            return (Unreadable) getCause();
        }
    }

    /**
     * Stores a DMARC report while it is read, in the caller's transaction: the report's row once its metadata is
     * known ({@code attribute} gives its inventory domain, or null), then each record into one
     * {@code COPY ... FROM STDIN} stream on the transaction's connection ({@link RecordCopy}). Reading, writing and
     * storing overlap: {@code reading} runs on a thread of its own ({@link ReadAhead}), this thread writes the
     * records, and PostgreSQL takes them while the rest of the file is still read. A record or report that
     * {@code reading} finds unreadable throws {@link UnreadableWhileWriting}, which rolls the transaction back, so
     * nothing of the report stays; so does a value PostgreSQL refuses.
     */
    WrittenDmarc writeDmarc(
            Function<DmarcReport, Long> attribute, Receipt receipt, Busiest busiest, DmarcReading reading)
            throws Unreadable {
        try {
            return template.execute((ConnectionCallback<WrittenDmarc>) con -> {
                Writing sink = new Writing(con, attribute, receipt, busiest);
                try {
                    DmarcReport report = ReadAhead.run(reading, sink);
                    return sink.finish(report);
                } catch (Unreadable e) {
                    throw new UnreadableWhileWriting(e);
                } finally {
                    sink.cancel();
                }
            });
        } catch (UnreadableWhileWriting e) {
            throw e.unreadable();
        }
    }

    /** The sink {@link #writeDmarc} reads into: the report's row first, then the records' COPY stream. */
    private final class Writing implements DmarcXml.Sink {
        private final Connection con;
        private final Function<DmarcReport, Long> attribute;
        private final Receipt receipt;
        private final Busiest busiest;
        private Long domainId;
        private Optional<Long> id = Optional.empty();
        private CopyIn in;
        private RecordCopy copy;
        private int rowNo;
        private long messages;
        private long begun;

        Writing(Connection con, Function<DmarcReport, Long> attribute, Receipt receipt, Busiest busiest) {
            this.con = con;
            this.busiest = busiest;
            this.attribute = attribute;
            this.receipt = receipt;
        }

        @Override
        public void begin(DmarcReport r) {
            begun = System.nanoTime();
            domainId = attribute.apply(r);
            id = insertReport(r, domainId, receipt);
            if (id.isPresent()) {
                try {
                    in = con.unwrap(PGConnection.class).getCopyAPI().copyIn(RecordCopy.SQL);
                } catch (SQLException e) {
                    throw translate(e);
                }
                copy = new RecordCopy(in);
            }
        }

        @Override
        public void row(DmarcReport.Row row) {
            rowNo++;
            messages += row.count();
            if (copy != null) {
                busiest.add(row.sourceIp(), row.count());
                try {
                    copy.row(id.get(), rowNo, row);
                } catch (SQLException e) {
                    throw translate(e);
                }
            }
        }

        WrittenDmarc finish(DmarcReport report) throws SQLException {
            if (copy != null) {
                long sent = System.nanoTime();
                copy.finish();
                if (log.isDebugEnabled()) {
                    log.debug(
                            "DMARC report {} of {}: {} records read and sent in {} ms, PostgreSQL done {} ms later",
                            report.reportId(),
                            report.orgName(),
                            rowNo,
                            (sent - begun) / 1_000_000,
                            (System.nanoTime() - sent) / 1_000_000);
                }
                jdbc.sql("update reportintake_dmarc_report set messages = :messages where id = :id")
                        .param("messages", messages)
                        .param("id", id.get())
                        .update();
            }
            return new WrittenDmarc(report, domainId, id, busiest);
        }

        /** Ends a COPY stream still open (the reading failed): PostgreSQL drops what it took of it. */
        void cancel() throws SQLException {
            if (in != null && in.isActive()) {
                in.cancelCopy();
            }
        }

        private RuntimeException translate(SQLException e) {
            RuntimeException t = template.getExceptionTranslator().translate("COPY", RecordCopy.SQL, e);
            return t != null ? t : new IllegalStateException(e);
        }
    }

    /** The report's row (messages counted once its records are in); empty when it is already stored. */
    private Optional<Long> insertReport(DmarcReport r, Long domainId, Receipt receipt) {
        return jdbc.sql("""
                        insert into reportintake_dmarc_report (org_name, report_id, email, domain_name, domain_id,
                            period_begin, period_end, policy_p, policy_sp, policy_np, adkim, aspf, pct, testing,
                            messages, source, file_name, received_at, received_by)
                        values (:org, :rid, :email, :domain, :domainId, :begin, :end, :p, :sp, :np, :adkim, :aspf,
                            :pct, :testing, 0, :source, :file, :at, :by)
                        on conflict (org_name, report_id) do nothing
                        returning id
                        """)
                .param("org", r.orgName())
                .param("rid", r.reportId())
                .param("email", r.email())
                .param("domain", r.domain())
                .param("domainId", domainId)
                .param("begin", Timestamp.from(r.begin()))
                .param("end", Timestamp.from(r.end()))
                .param("p", r.policy().p())
                .param("sp", r.policy().sp())
                .param("np", r.policy().np())
                .param("adkim", r.policy().adkim())
                .param("aspf", r.policy().aspf())
                .param("pct", r.policy().pct())
                .param("testing", r.policy().testing())
                .param("source", receipt.source().name())
                .param("file", receipt.fileName())
                .param("at", Timestamp.from(receipt.at()))
                .param("by", receipt.by())
                .query(Long.class)
                .optional();
    }

    /** Stores the report, its policies (each attributed by {@code domainIds}) and failure details. */
    Optional<Long> insertTls(TlsReport r, List<Long> domainIds, Receipt receipt) {
        Optional<Long> id = jdbc.sql("""
                        insert into reportintake_tls_report (org_name, report_id, contact, period_begin, period_end,
                            source, file_name, received_at, received_by)
                        values (:org, :rid, :contact, :begin, :end, :source, :file, :at, :by)
                        on conflict (org_name, report_id) do nothing
                        returning id
                        """)
                .param("org", r.orgName())
                .param("rid", r.reportId())
                .param("contact", r.contact())
                .param("begin", Timestamp.from(r.begin()))
                .param("end", Timestamp.from(r.end()))
                .param("source", receipt.source().name())
                .param("file", receipt.fileName())
                .param("at", Timestamp.from(receipt.at()))
                .param("by", receipt.by())
                .query(Long.class)
                .optional();
        id.ifPresent(reportId -> {
            for (int i = 0; i < r.policies().size(); i++) {
                TlsReport.Policy p = r.policies().get(i);
                long policyId = jdbc.sql("""
                                insert into reportintake_tls_policy (report_id, policy_type, domain_name, domain_id,
                                    successful, failed)
                                values (:report, :type, :domain, :domainId, :ok, :failed)
                                returning id
                                """)
                        .param("report", reportId)
                        .param("type", p.type())
                        .param("domain", p.domain())
                        .param("domainId", domainIds.get(i))
                        .param("ok", p.successful())
                        .param("failed", p.failed())
                        .query(Long.class)
                        .single();
                List<Object[]> rows = p.failures().stream()
                        .map(f -> new Object[] {
                            policyId, f.resultType(), f.sendingIp(), f.receivingMx(), f.receivingIp(), f.sessions()
                        })
                        .toList();
                template.batchUpdate("""
                        insert into reportintake_tls_failure (policy_id, result_type, sending_ip, receiving_mx,
                            receiving_ip, sessions)
                        values (?, ?, ?, ?, ?, ?)
                        """, rows);
            }
        });
        return id;
    }

    void insertRejected(String file, String reason, long size, String sha256, Receipt receipt) {
        jdbc.sql("""
                        insert into reportintake_rejected (file_name, reason, size_bytes, sha256, source, received_at,
                            received_by)
                        values (:file, :reason, :size, :sha, :source, :at, :by)
                        """)
                .param("file", file)
                .param("reason", reason)
                .param("size", size)
                .param("sha", sha256)
                .param("source", receipt.source().name())
                .param("at", Timestamp.from(receipt.at()))
                .param("by", receipt.by())
                .update();
    }

    /**
     * Attaches the reports kept aside because their domain was not in the inventory when they arrived to that
     * domain, now that it is: a held report (or TLS policy) whose name is an inventory domain created after the
     * report was received. Reports held because their sender's teams may not write the domain's figures arrived
     * after the domain was created and stay held. Returns the DMARC reports and TLS policies attached.
     */
    int[] attachHeld() {
        int dmarc = jdbc.sql("""
                        update reportintake_dmarc_report r set domain_id = d.id
                        from inventory_domain_v d
                        where r.domain_id is null and lower(r.domain_name) = d.a_label and r.received_at < d.created_at
                        """).update();
        int tls = jdbc.sql("""
                        update reportintake_tls_policy p set domain_id = d.id
                        from reportintake_tls_report t, inventory_domain_v d
                        where p.domain_id is null and t.id = p.report_id and lower(p.domain_name) = d.a_label
                          and t.received_at < d.created_at
                        """).update();
        return new int[] {dmarc, tls};
    }

    /**
     * Deletes at most {@code batch} DMARC reports whose period ended before {@code cutoff}, with their records
     * (claimed {@code FOR UPDATE SKIP LOCKED}: a concurrent purge takes other rows); the reports and records deleted.
     */
    long[] purgeDmarc(Instant cutoff, int batch) {
        Long[] ids = jdbc.sql("""
                        select id from reportintake_dmarc_report where period_end < :cutoff
                        order by period_end limit :batch for update skip locked
                        """)
                .param("cutoff", Timestamp.from(cutoff))
                .param("batch", batch)
                .query(Long.class)
                .list()
                .toArray(Long[]::new);
        if (ids.length == 0) {
            return new long[] {0, 0};
        }
        int records = template.update("delete from reportintake_dmarc_record where report_id = any(?)", (Object) ids);
        int reports = template.update("delete from reportintake_dmarc_report where id = any(?)", (Object) ids);
        return new long[] {reports, records};
    }

    /** Deletes at most {@code batch} TLS reports whose period ended before {@code cutoff}, with their details. */
    int purgeTls(Instant cutoff, int batch) {
        Long[] ids = jdbc.sql("""
                        select id from reportintake_tls_report where period_end < :cutoff
                        order by period_end limit :batch for update skip locked
                        """)
                .param("cutoff", Timestamp.from(cutoff))
                .param("batch", batch)
                .query(Long.class)
                .list()
                .toArray(Long[]::new);
        if (ids.length == 0) {
            return 0;
        }
        template.update(
                "delete from reportintake_tls_failure where policy_id in "
                        + "(select id from reportintake_tls_policy where report_id = any(?))",
                (Object) ids);
        template.update("delete from reportintake_tls_policy where report_id = any(?)", (Object) ids);
        return template.update("delete from reportintake_tls_report where id = any(?)", (Object) ids);
    }

    /** Deletes at most {@code batch} rejected files received before {@code cutoff}. */
    int purgeRejected(Instant cutoff, int batch) {
        return jdbc.sql("""
                        delete from reportintake_rejected where id in (
                            select id from reportintake_rejected where received_at < :cutoff
                            order by received_at limit :batch for update skip locked)
                        """)
                .param("cutoff", Timestamp.from(cutoff))
                .param("batch", batch)
                .update();
    }

    DmarcSummary dmarcSummary(Domain d, LocalDate from, LocalDate to) {
        Map<String, Object> p = period(d, from, to);
        String scope = """
                from reportintake_dmarc_record x
                join reportintake_dmarc_report r on r.id = x.report_id
                where r.domain_id = :domain and r.period_begin >= :from and r.period_begin < :to
                """;
        long[] totals = jdbc.sql("select coalesce(sum(x.messages), 0), "
                        + "coalesce(sum(x.messages) filter (where x.dmarc_pass), 0) " + scope)
                .params(p)
                .query((rs, n) -> new long[] {rs.getLong(1), rs.getLong(2)})
                .single();
        List<DmarcSummary.Source> sources = jdbc.sql("select host(x.source_ip), sum(x.messages), "
                        + "coalesce(sum(x.messages) filter (where x.dmarc_pass), 0), "
                        + "coalesce(sum(x.messages) filter (where x.spf_aligned = 'pass'), 0), "
                        + "coalesce(sum(x.messages) filter (where x.dkim_aligned = 'pass'), 0) "
                        + scope
                        + " group by x.source_ip order by 2 desc, 1 limit " + TOP)
                .params(p)
                .query((rs, n) -> new DmarcSummary.Source(
                        rs.getString(1), rs.getLong(2), rs.getLong(3), rs.getLong(4), rs.getLong(5)))
                .list();
        List<DmarcSummary.DmarcReporter> reporters = jdbc.sql(
                        "select r.org_name, count(distinct r.id), sum(x.messages), "
                                + "coalesce(sum(x.messages) filter (where x.dmarc_pass), 0) "
                                + scope
                                + " group by r.org_name order by 3 desc, 1 limit " + TOP)
                .params(p)
                .query((rs, n) ->
                        new DmarcSummary.DmarcReporter(rs.getString(1), rs.getLong(2), rs.getLong(3), rs.getLong(4)))
                .list();
        List<DmarcSummary.Failing> failing = jdbc.sql("select host(x.source_ip), sum(x.messages), "
                        + "array_remove(array_agg(distinct x.helo), null), "
                        + "array_remove(array_agg(distinct x.envelope_from), null), "
                        + "array_remove(array_agg(distinct d.value ->> 'domain'), null) "
                        + "from reportintake_dmarc_record x "
                        + "join reportintake_dmarc_report r on r.id = x.report_id "
                        + "left join lateral jsonb_array_elements(x.dkim) d on true "
                        + "where r.domain_id = :domain and r.period_begin >= :from and r.period_begin < :to "
                        + "and not x.dmarc_pass group by x.source_ip order by 2 desc, 1 limit " + TOP_FAILING)
                .params(p)
                .query((rs, n) -> new DmarcSummary.Failing(
                        rs.getString(1),
                        rs.getLong(2),
                        strings(rs.getArray(3)),
                        strings(rs.getArray(4)),
                        strings(rs.getArray(5))))
                .list();
        DmarcSummary.Policy policy = jdbc.sql("""
                        select policy_p, policy_sp, policy_np, adkim, aspf, testing, org_name
                        from reportintake_dmarc_report
                        where domain_id = :domain and period_begin >= :from and period_begin < :to
                        order by period_end desc, id desc limit 1
                        """)
                .params(p)
                .query((rs, n) -> new DmarcSummary.Policy(
                        rs.getString(1),
                        rs.getString(2),
                        rs.getString(3),
                        rs.getString(4),
                        rs.getString(5),
                        rs.getString(6),
                        rs.getString(7)))
                .optional()
                .orElse(null);
        List<DmarcSummary.Day> days = jdbc.sql("select (r.period_begin at time zone 'UTC')::date, sum(x.messages), "
                        + "coalesce(sum(x.messages) filter (where x.dmarc_pass), 0) "
                        + scope
                        + " group by 1 order by 1")
                .params(p)
                .query((rs, n) -> new DmarcSummary.Day(rs.getObject(1, LocalDate.class), rs.getLong(2), rs.getLong(3)))
                .list();
        double rate = totals[0] == 0 ? 0 : (double) totals[1] / totals[0];
        return new DmarcSummary(
                d.id(), d.name(), from, to, totals[0], totals[1], rate, policy, sources, reporters, failing, days);
    }

    TlsSummary tlsSummary(Domain d, LocalDate from, LocalDate to) {
        Map<String, Object> p = period(d, from, to);
        String scope = """
                from reportintake_tls_policy q
                join reportintake_tls_report r on r.id = q.report_id
                where q.domain_id = :domain and r.period_begin >= :from and r.period_begin < :to
                """;
        long[] totals = jdbc.sql("select coalesce(sum(q.successful), 0), coalesce(sum(q.failed), 0) " + scope)
                .params(p)
                .query((rs, n) -> new long[] {rs.getLong(1), rs.getLong(2)})
                .single();
        List<TlsSummary.Failures> failures = jdbc.sql("select f.result_type, f.receiving_mx, sum(f.sessions) "
                        + scope.replace("where", "join reportintake_tls_failure f on f.policy_id = q.id where")
                        + " group by 1, 2 order by 3 desc, 1, 2 limit " + TOP)
                .params(p)
                .query((rs, n) -> new TlsSummary.Failures(rs.getString(1), rs.getString(2), rs.getLong(3)))
                .list();
        List<TlsSummary.TlsReporter> reporters = jdbc.sql("select r.org_name, count(distinct r.id), sum(q.successful), "
                        + "sum(q.failed) " + scope + " group by 1 order by 4 desc, 1 limit " + TOP)
                .params(p)
                .query((rs, n) ->
                        new TlsSummary.TlsReporter(rs.getString(1), rs.getLong(2), rs.getLong(3), rs.getLong(4)))
                .list();
        return new TlsSummary(d.id(), d.name(), from, to, totals[0], totals[1], failures, reporters);
    }

    /** The domains of the given teams (null: all) with stored reports, by name, with their report counts. */
    List<ReportedDomain> reportedDomains(java.util.Set<Long> teams) {
        List<Long> ids = teams == null ? List.of() : (teams.isEmpty() ? List.of(-1L) : List.copyOf(teams));
        return jdbc.sql("""
                        select d.id, d.a_label,
                            (select count(*) from reportintake_dmarc_report r where r.domain_id = d.id),
                            (select count(distinct q.report_id) from reportintake_tls_policy q where q.domain_id = d.id)
                        from inventory_domain_v d
                        where (:all or d.team_id in (:teams))
                          and (exists (select 1 from reportintake_dmarc_report r where r.domain_id = d.id)
                            or exists (select 1 from reportintake_tls_policy q where q.domain_id = d.id))
                        order by d.a_label
                        limit 500
                        """)
                .param("all", teams == null)
                .param("teams", ids.isEmpty() ? List.of(-1L) : ids)
                .query((rs, n) -> new ReportedDomain(rs.getLong(1), rs.getString(2), rs.getLong(3), rs.getLong(4)))
                .list();
    }

    HeldReports held(int limit) {
        List<HeldReports.Rejected> rejected = jdbc.sql("""
                        select file_name, reason, size_bytes, received_at, received_by from reportintake_rejected
                        order by received_at desc, id desc limit :limit
                        """)
                .param("limit", limit)
                .query((rs, n) -> new HeldReports.Rejected(
                        rs.getString(1),
                        rs.getString(2),
                        rs.getLong(3),
                        rs.getTimestamp(4).toInstant(),
                        rs.getString(5)))
                .list();
        List<HeldReports.Unattributed> unattributed = jdbc.sql("""
                        select * from (
                            select 'DMARC' as kind, org_name, report_id, domain_name, received_at, received_by
                            from reportintake_dmarc_report where domain_id is null
                            union all
                            select distinct 'TLSRPT', r.org_name, r.report_id, q.domain_name, r.received_at,
                                r.received_by
                            from reportintake_tls_policy q join reportintake_tls_report r on r.id = q.report_id
                            where q.domain_id is null) held
                        order by received_at desc limit :limit
                        """)
                .param("limit", limit)
                .query((rs, n) -> new HeldReports.Unattributed(
                        rs.getString(1),
                        rs.getString(2),
                        rs.getString(3),
                        rs.getString(4),
                        rs.getTimestamp(5).toInstant(),
                        rs.getString(6)))
                .list();
        return new HeldReports(rejected, unattributed);
    }

    private static Map<String, Object> period(Domain d, LocalDate from, LocalDate to) {
        return Map.of(
                "domain", d.id(),
                "from", Timestamp.from(from.atStartOfDay(ZoneOffset.UTC).toInstant()),
                "to", Timestamp.from(to.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant()));
    }

    private static List<String> strings(java.sql.Array array) throws SQLException {
        if (array == null) {
            return List.of();
        }
        Object[] values = (Object[]) array.getArray();
        List<String> out = new ArrayList<>(values.length);
        for (Object v : values) {
            out.add(String.valueOf(v));
        }
        return out;
    }
}
