package dev.mailward.reports;

import dev.mailward.MailwardApplication;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.util.List;
import java.util.Optional;
import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.core.userdetails.UserDetailsService;

/**
 * The export benchmark ({@code src/bench/reports/run.sh}; not a test): seeds 10,000 domains with 15
 * current results each (and the same rows as history) in a throw-away embedded PostgreSQL, then exports
 * CSV and JSON of all of them and a PDF of 1,000, printing the time of each and the peak heap. Run it
 * with {@code -Xmx512m}: finishing at all proves the exports stream.
 */
public final class ReportBenchmark {

    private ReportBenchmark() {}

    public static void main(String[] args) {
        int domains = args.length > 0 ? Integer.parseInt(args[0]) : 10_000;
        int pdfDomains = args.length > 1 ? Integer.parseInt(args[1]) : 1_000;
        SpringApplication app = new SpringApplication(MailwardApplication.class);
        app.setDefaultProperties(java.util.Map.of(
                "mailward.database.ephemeral", "true",
                "server.port", "0",
                "mailward.scanning.scheduler-enabled", "false",
                "logging.level.root", "WARN",
                "mailward.reports.archive-dir", System.getProperty("java.io.tmpdir") + "/mailward-bench-reports"));
        try (ConfigurableApplicationContext ctx = app.run()) {
            JdbcTemplate jdbc = ctx.getBean(JdbcTemplate.class);
            long t0 = System.nanoTime();
            seed(jdbc, domains, pdfDomains);
            System.out.printf("seeded %d domains x 15 results in %.1f s%n", domains, (System.nanoTime() - t0) / 1e9);
            // the dashboard's background pass scores the seeded domains; done here first, so that it does not
            // run beside the measured exports (how long it overlaps them depends on how fast the seeding was)
            long t1 = System.nanoTime();
            int scored =
                    ctx.getBean(dev.mailward.dashboard.ScoreRefresher.class).refreshStale();
            System.out.printf(
                    "scored %d domains for the dashboard in %.1f s%n", scored, (System.nanoTime() - t1) / 1e9);
            var admin = ctx.getBean(UserDetailsService.class).loadUserByUsername("admin");
            SecurityContextHolder.getContext()
                    .setAuthentication(
                            UsernamePasswordAuthenticationToken.authenticated(admin, null, admin.getAuthorities()));
            ReportService reports = ctx.getBean(ReportService.class);
            resetPeaks();
            run(
                    reports,
                    "CSV  all " + domains,
                    new ReportRequest(ReportFormat.CSV, new ReportScope.All(), Optional.empty(), Optional.empty()));
            run(
                    reports,
                    "JSON all " + domains,
                    new ReportRequest(ReportFormat.JSON, new ReportScope.All(), Optional.empty(), Optional.empty()));
            run(
                    reports,
                    "CSV  all " + domains + " as of yesterday",
                    new ReportRequest(
                            ReportFormat.CSV,
                            new ReportScope.All(),
                            Optional.of(java.time.Instant.now().minusSeconds(3600)),
                            Optional.empty()));
            run(
                    reports,
                    "PDF  tag:pdf " + pdfDomains,
                    new ReportRequest(
                            ReportFormat.PDF, new ReportScope.Tag("pdf"), Optional.empty(), Optional.empty()));
        }
    }

    private static void run(ReportService reports, String label, ReportRequest request) {
        System.gc();
        resetPeaks();
        long t = System.nanoTime();
        ArchivedReport r = reports.generate(request);
        double s = (System.nanoTime() - t) / 1e9;
        System.out.printf(
                "%-32s %7.2f s  %,12d bytes  %6d domains  peak heap %5d MiB  sha256 %s%n",
                label,
                s,
                r.sizeBytes(),
                r.domainCount(),
                peakHeapMiB(),
                r.sha256().substring(0, 16));
        if (request.format() == ReportFormat.PDF) {
            try (var doc =
                    org.apache.pdfbox.Loader.loadPDF(reports.open(r.id()).path().toFile())) {
                System.out.printf("%-32s %7d pages%n", label, doc.getNumberOfPages());
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }
    }

    private static void resetPeaks() {
        ManagementFactory.getMemoryPoolMXBeans().forEach(MemoryPoolMXBean::resetPeakUsage);
    }

    private static long peakHeapMiB() {
        List<MemoryPoolMXBean> pools = ManagementFactory.getMemoryPoolMXBeans();
        long peak = pools.stream()
                .filter(p -> p.getType() == MemoryType.HEAP)
                .mapToLong(p -> p.getPeakUsage().getUsed())
                .sum();
        return peak / (1024 * 1024);
    }

    private static void seed(JdbcTemplate jdbc, int domains, int pdfDomains) {
        Long team = jdbc.queryForObject(
                "insert into team (name, created_at) values ('bench', now()) returning id", Long.class);
        jdbc.update("""
                insert into domain (a_label, u_label, team_id, tags, created_at, created_by, updated_at, discovery_status)
                select 'bench-' || lpad(g::text, 6, '0') || '.test', 'bench-' || lpad(g::text, 6, '0') || '.test', ?,
                       case when g <= ? then array['pdf'] else array['bulk'] end, now() - interval '30 days', 'bench', now(), 'MX_FOUND'
                from generate_series(1, ?) g
                """, team, pdfDomains, domains);
        jdbc.update("insert into check_run (domain_id, trigger, started_at, finished_at, status) "
                + "select id, 'SCHEDULED', now() - interval '2 days', now() - interval '2 days', 'WARN' from domain "
                + "where a_label like 'bench-%'");
        String checks = "array['mx','spf','dmarc','mta-sts','tls-rpt','dnssec','dkim','dane','ptr','blocklist',"
                + "'starttls','tls-versions','tls-ciphers','certificate','banner']";
        jdbc.update("""
                insert into check_result (run_id, domain_id, check_id, target, status, findings, evidence, dns_hash, checked_at, elapsed_ms)
                select r.id, d.id, c.check_id, d.a_label, case when c.n %% 5 = 0 then 'WARN' else 'PASS' end,
                  jsonb_build_array(jsonb_build_object('code', upper(replace(c.check_id, '-', '_')) || '_OK',
                     'status', case when c.n %% 5 = 0 then 'WARN' else 'PASS' end,
                     'message', 'observed value for ' || d.a_label || ' is within the limits', 'mitigation', 'spf-dkim')),
                  jsonb_build_object('dns', jsonb_build_array(jsonb_build_object('name', d.a_label || '.', 'type', 'TXT',
                     'outcome', 'ANSWER', 'dnssec', 'INSECURE', 'records', jsonb_build_array(
                        jsonb_build_object('name', d.a_label || '.', 'type', 'TXT', 'ttl', 300,
                           'data', '"v=spf1 mx include:_spf.provider.test -all"'),
                        jsonb_build_object('name', d.a_label || '.', 'type', 'TXT', 'ttl', 300,
                           'data', '"google-site-verification=abcdefghijklmnopqrstuvwxyz0123456789"'))))),
                  'h', now() - interval '2 days', 12
                from domain d join check_run r on r.domain_id = d.id
                cross join lateral unnest(%s) with ordinality as c(check_id, n)
                where d.a_label like 'bench-%%'
                """.formatted(checks));
        jdbc.update("""
                insert into current_result (domain_id, check_id, target, result_id, run_id, status, findings, evidence, dns_hash, checked_at, elapsed_ms)
                select domain_id, check_id, target, id, run_id, status, findings, evidence, dns_hash, checked_at, elapsed_ms
                from check_result where target like 'bench-%'
                """);
        jdbc.execute("analyze");
    }
}
