package dev.mailward.reports;

import com.openhtmltopdf.pdfboxout.PdfRendererBuilder;
import dev.mailward.checks.DnssecOutage;
import dev.mailward.checks.Finding;
import dev.mailward.checks.Status;
import dev.mailward.mitigations.DomainAssessment;
import dev.mailward.mitigations.MitigationStatus;
import dev.mailward.results.AcceptedFinding;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Function;
import org.apache.pdfbox.io.IOUtils;
import org.thymeleaf.ITemplateEngine;
import org.thymeleaf.context.Context;

/**
 * The PDF export: XHTML from the Thymeleaf template {@code reports/pdf.html} (every value escaped by
 * {@code th:text}), rendered by openhtmltopdf. The document is assembled in temporary files domain by
 * domain and rendered in parts of {@link #DOMAINS_PER_PART} domains (cover and summary, findings,
 * exceptions, evidence appendix), so that neither the template model nor openhtmltopdf's layout ever
 * holds the whole report; {@link PdfParts} merges the parts on disk and numbers the pages.
 */
final class PdfReportWriter {

    private static final String TEMPLATE = "reports/pdf";
    private static final List<Path> FONTS = List.of(
            Path.of("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"),
            Path.of("/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf"),
            Path.of("/usr/share/fonts/truetype/dejavu/DejaVuSansMono.ttf"));
    /** The most items (DNS answers, transcripts, certificates) per result in the evidence appendix. */
    static final int MAX_ITEMS_PER_RESULT = 12;
    /**
     * The most characters of one evidence line: a bound, not a layout width (the PDF wraps every line;
     * a TXT record of several strings stays whole).
     */
    static final int MAX_LINE = 4_096;

    private static final java.time.format.DateTimeFormatter WHEN =
            java.time.format.DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(java.time.ZoneOffset.UTC);

    private final ITemplateEngine templates;
    private final int evidenceLines;

    PdfReportWriter(ITemplateEngine templates, int evidenceLines) {
        this.templates = templates;
        this.evidenceLines = evidenceLines;
    }

    /** A finding as the template shows it. */
    record FindingView(String code, String status, String message, String mitigation, boolean accepted) {}

    /** A result as the template shows it. */
    record ResultView(
            String check,
            String target,
            String status,
            boolean blocked,
            String checkedAt,
            List<FindingView> findings) {}

    /** The domain's DNSSEC outage, the headline of its section ({@link DnssecOutage}); blocked: the check ids. */
    record OutageView(String domain, String title, String message, String blocked) {}

    /** An evidence item: a heading and its first lines. */
    record EvidenceItem(String heading, List<String> lines, int omitted) {
        public String text() {
            return String.join("\n", lines);
        }
    }

    /** The evidence of one result. */
    record EvidenceView(String check, String target, List<EvidenceItem> items) {}

    /** A mitigation status of a domain. */
    record MitigationView(String id, String status) {}

    /**
     * One domain as the template shows it: {@code results} holds only what is not passing; the
     * passing and not applicable results are counted.
     */
    record DomainView(
            String anchor,
            String name,
            String displayName,
            String team,
            String tags,
            String score,
            String explanation,
            List<MitigationView> mitigations,
            List<ResultView> results,
            int passing,
            int notApplicable,
            List<EvidenceView> evidence,
            List<AcceptedFinding> exceptions,
            OutageView outage) {

        /** Whether the domain had any result by then. */
        public boolean checked() {
            return !results.isEmpty() || passing > 0 || notApplicable > 0;
        }
    }

    /** Domains per rendered part: bounds the layout tree openhtmltopdf holds in memory. */
    static final int DOMAINS_PER_PART = 100;

    void write(
            ReportHeader header,
            ReportSummary summary,
            Iterator<DomainSnapshot> domains,
            Function<DomainSnapshot, DomainAssessment> assess,
            OutputStream out,
            Path workDir) {
        Path work = null;
        try {
            work = Files.createTempDirectory(workDir, "pdf-");
            Context base = context(header, summary);
            Path cover = work.resolve("cover.pdf");
            renderDocument(
                    work,
                    cover,
                    w -> {
                        templates.process(TEMPLATE, Set.of("cover"), base, w);
                        templates.process(TEMPLATE, Set.of("summary"), base, w);
                    },
                    base);
            Section findings = new Section(work, "findings", "findingsHeading", base);
            // six columns with free text: a document of landscape pages. Not a named page: openhtmltopdf
            // lays every page out at the width of the document's first page size
            Context landscape = context(header, summary);
            landscape.setVariable("landscape", true);
            Section exceptions = new Section(work, "exceptions", "exceptionsHeading", landscape);
            Section evidence = new Section(work, "evidence", "evidenceHeading", base);
            int n = 0;
            while (domains.hasNext()) {
                DomainSnapshot d = domains.next();
                DomainView view = view(d, assess.apply(d), n++);
                Context ctx = context(header, summary);
                ctx.setVariable("d", view);
                findings.add("domain", ctx);
                if (!view.exceptions().isEmpty()) {
                    exceptions.add("exceptions", ctx);
                }
                if (!view.evidence().isEmpty()) {
                    evidence.add("evidence", ctx);
                }
            }
            List<Path> parts = new ArrayList<>();
            parts.add(cover);
            parts.addAll(findings.finish("findingsNone"));
            parts.addAll(exceptions.finish("exceptionsNone"));
            parts.addAll(evidence.finish("evidenceNone"));
            PdfParts.numberAndMerge(parts, out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            if (work != null) {
                org.springframework.util.FileSystemUtils.deleteRecursively(work.toFile());
            }
        }
    }

    /** One chapter of the report, rendered {@link #DOMAINS_PER_PART} domains at a time into PDF parts. */
    private final class Section {
        private final Path work;
        private final String name;
        private final String heading;
        private final Context base;
        private final List<Path> parts = new ArrayList<>();
        private Path html;
        private Writer writer;
        private int inPart;

        Section(Path work, String name, String heading, Context base) {
            this.work = work;
            this.name = name;
            this.heading = heading;
            this.base = base;
        }

        void add(String fragment, Context ctx) throws IOException {
            if (writer == null) {
                html = work.resolve(name + "-" + parts.size() + ".xhtml");
                writer = open(html, base);
                if (parts.isEmpty()) {
                    templates.process(TEMPLATE, Set.of(heading), base, writer);
                }
            }
            templates.process(TEMPLATE, Set.of(fragment), ctx, writer);
            if (++inPart >= DOMAINS_PER_PART) {
                flush();
            }
        }

        private void flush() throws IOException {
            close(writer);
            writer = null;
            inPart = 0;
            Path pdf = work.resolve(name + "-" + parts.size() + ".pdf");
            render(html, pdf);
            Files.delete(html);
            parts.add(pdf);
        }

        List<Path> finish(String noneFragment) throws IOException {
            if (writer != null) {
                flush();
            }
            if (parts.isEmpty()) {
                Path pdf = work.resolve(name + "-none.pdf");
                renderDocument(
                        work,
                        pdf,
                        w -> {
                            templates.process(TEMPLATE, Set.of(heading), base, w);
                            templates.process(TEMPLATE, Set.of(noneFragment), base, w);
                        },
                        base);
                parts.add(pdf);
            }
            return parts;
        }
    }

    private interface Body {
        void write(Writer w) throws IOException;
    }

    private void renderDocument(Path work, Path pdf, Body body, Context base) throws IOException {
        Path html = Files.createTempFile(work, "doc-", ".xhtml");
        Writer w = open(html, base);
        body.write(w);
        close(w);
        render(html, pdf);
        Files.delete(html);
    }

    private Writer open(Path html, Context base) throws IOException {
        Writer w = new BufferedWriter(Files.newBufferedWriter(html, StandardCharsets.UTF_8));
        w.write("<!DOCTYPE html>\n<html lang=\"en\">\n");
        templates.process(TEMPLATE, Set.of("head"), base, w);
        w.write("<body>\n");
        return w;
    }

    private static void close(Writer w) throws IOException {
        w.write("</body>\n</html>\n");
        w.close();
    }

    private static void render(Path html, Path pdf) throws IOException {
        try (OutputStream out = new java.io.BufferedOutputStream(Files.newOutputStream(pdf))) {
            render(html, out);
        }
    }

    /** Renders one part; each part is a document of its own, {@link PdfParts} numbers the merged pages. */
    private static void render(Path html, OutputStream out) throws IOException {
        PdfRendererBuilder builder = new PdfRendererBuilder();
        builder.useFastMode();
        // PDFBox keeps the pages in a temporary file, not on the heap
        builder.usePDDocument(new org.apache.pdfbox.pdmodel.PDDocument(IOUtils.createTempFileOnlyStreamCache()));
        if (FONTS.stream().allMatch(Files::isReadable)) {
            builder.useFont(FONTS.get(0).toFile(), "DejaVu Sans", 400, PdfRendererBuilder.FontStyle.NORMAL, true);
            builder.useFont(FONTS.get(1).toFile(), "DejaVu Sans", 700, PdfRendererBuilder.FontStyle.NORMAL, true);
            builder.useFont(FONTS.get(2).toFile(), "DejaVu Sans Mono", 400, PdfRendererBuilder.FontStyle.NORMAL, true);
        }
        builder.withFile(html.toFile());
        builder.toStream(out);
        builder.run();
    }

    private static Context context(ReportHeader header, ReportSummary summary) {
        Context ctx = new Context(Locale.ENGLISH);
        ctx.setVariable("header", header);
        ctx.setVariable("summary", summary);
        ctx.setVariable("statuses", MitigationStatus.values());
        return ctx;
    }

    DomainView view(DomainSnapshot d, DomainAssessment a, int index) {
        List<MitigationView> mitigations = new ArrayList<>();
        a.mitigations()
                .forEach((m, x) ->
                        mitigations.add(new MitigationView(m.id(), x.status().name())));
        List<ResultView> results = new ArrayList<>();
        List<EvidenceView> evidence = new ArrayList<>();
        int passing = 0;
        int notApplicable = 0;
        for (ReportRow r : d.results()) {
            if (r.status() == Status.PASS) {
                passing++;
                continue;
            }
            if (r.status() == Status.NOT_APPLICABLE) {
                notApplicable++;
                continue;
            }
            List<FindingView> fs = new ArrayList<>();
            List<Finding> problems = new ArrayList<>();
            for (Finding f : r.findings()) {
                if (f.status() == Status.PASS || f.status() == Status.NOT_APPLICABLE) {
                    continue;
                }
                problems.add(f);
                fs.add(new FindingView(
                        Xml.clean(f.code()),
                        f.status().name(),
                        Xml.clean(f.message()),
                        Xml.clean(f.mitigation()),
                        d.accepted(r, f.code())));
            }
            results.add(new ResultView(
                    Xml.clean(r.check()),
                    Xml.clean(r.target()),
                    r.status().name(),
                    DnssecOutage.blocked(r.findings()),
                    WHEN.format(r.checkedAt()),
                    fs));
            List<EvidenceItem> items = EvidenceLines.relevant(r.evidence(), problems, r.target()).stream()
                    .map(x -> item(x.heading(), x.lines()))
                    .toList();
            if (!items.isEmpty()) {
                evidence.add(new EvidenceView(Xml.clean(r.check()), Xml.clean(r.target()), items));
            }
        }
        List<AcceptedFinding> exceptions = d.exceptions().stream()
                .map(x -> new AcceptedFinding(
                        x.id(),
                        x.domainId(),
                        Xml.clean(x.check()),
                        Xml.clean(x.target()),
                        Xml.clean(x.code()),
                        Xml.clean(x.reason()),
                        x.expiresOn(),
                        Xml.clean(x.createdBy()),
                        x.createdAt(),
                        x.scope()))
                .toList();
        return new DomainView(
                "d" + index,
                Xml.clean(d.name()),
                Xml.clean(d.displayName()),
                Xml.clean(d.teamName()),
                Xml.clean(String.join(", ", d.tags())),
                a.score().percent().isPresent() ? a.score().percent().getAsInt() + "%" : "–",
                Xml.clean(a.score().explanation()),
                mitigations,
                results,
                passing,
                notApplicable,
                evidence,
                exceptions,
                DnssecOutage.of(
                                d.name(),
                                d.results().stream()
                                        .map(r -> new DnssecOutage.Row(r.check(), r.target(), r.findings()))
                                        .toList())
                        .map(o -> new OutageView(
                                Xml.clean(o.domain()),
                                Xml.clean(o.title()),
                                Xml.clean(o.message()),
                                Xml.clean(String.join(", ", o.blockedChecks()))))
                        .orElse(null));
    }

    private EvidenceItem item(String heading, List<String> lines) {
        List<String> shown =
                lines.stream().limit(evidenceLines).map(l -> Xml.clean(cut(l))).toList();
        return new EvidenceItem(Xml.clean(cut(heading)), shown, Math.max(0, lines.size() - shown.size()));
    }

    private static String cut(String s) {
        return s.length() <= MAX_LINE ? s : s.substring(0, MAX_LINE - 1) + "…";
    }
}
