package dev.mailward.configaudit;

import dev.mailward.checks.CheckResult;
import dev.mailward.checks.Evidence;
import dev.mailward.checks.FindingCode;
import dev.mailward.checks.Status;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The configuration audit (check id {@code config}): parses an uploaded {@link ConfigBundle} and
 * judges it against the mitigations (CHECKS.md "Configuration audit"). Pure and thread-safe; never
 * throws for anything in the texts: oversized or binary files and syntax errors become findings.
 *
 * <p>Evidence details: {@code "lines"} (one entry per finding: code, status, message, the lines it
 * points to as {@code {file, line, text}} and a {@code fix} snippet), {@code "problems"} (parse
 * problems), {@code "inputs"} (which files were judged) and {@code "facts"} (values
 * {@link ConfigCorrelation} compares with probe observations).
 */
public final class ConfigAudit {

    public static final String CHECK_ID = "config";

    private ConfigAudit() {}

    /** Every code this audit (and the correlation) can emit. */
    public static List<? extends FindingCode> codes() {
        return Arrays.asList(ConfigCode.values());
    }

    public static CheckResult audit(ConfigBundle bundle) {
        Instant start = Instant.now();
        Collector out = new Collector();
        List<ParseProblem> problems = new ArrayList<>();
        Map<String, Object> inputs = new LinkedHashMap<>();

        Optional<String> mainText = accept(LineRef.MAIN, bundle.mainCf(), out, inputs);
        Optional<String> masterText = accept(LineRef.MASTER, bundle.masterCf(), out, inputs);
        Optional<String> doveText = accept(LineRef.DOVECOT, bundle.doveconf(), out, inputs);
        Optional<String> rspamdText = accept(LineRef.RSPAMD, bundle.rspamd(), out, inputs);

        Optional<PostfixMainConfig> main = mainText.map(PostfixMainConfig::parse);
        Optional<MasterCf> master = masterText.map(MasterCf::parse);
        Optional<DovecotConfig> dove = doveText.map(DovecotConfig::parse);
        Optional<RspamdDumpParser.Result> rspamd = rspamdText.map(RspamdDumpParser::parse);
        main.ifPresent(m -> problems.addAll(m.problems()));
        master.ifPresent(m -> problems.addAll(m.problems()));
        dove.ifPresent(d -> problems.addAll(d.problems()));
        rspamd.ifPresent(r -> problems.addAll(r.problems()));
        // the parsers' problems are syntax errors; expansion problems, added below, have their own code
        List<ParseProblem> syntaxProblems = List.copyOf(problems);

        Optional<PostfixRules> postfix = Optional.empty();
        if (main.isPresent()) {
            PostfixRules rules = new PostfixRules(main.get(), master, out);
            rules.run();
            postfix = Optional.of(rules);
            for (ParseProblem p : main.get().expansionProblems()) {
                problems.add(p);
                out.add(
                        ConfigCode.CONFIG_EXPANSION_ERROR,
                        Status.WARN,
                        p.message(),
                        new LineRef(p.file(), p.line(), ""),
                        "remove the self-reference from the parameter");
            }
        }
        dove.ifPresent(d -> new DovecotRules(d, out).run());
        if (main.isPresent() || rspamd.isPresent()) {
            new RspamdRules(main, postfix, rspamd.map(RspamdDumpParser.Result::root), out).run();
        }
        for (ParseProblem p : syntaxProblems) {
            out.add(
                    ConfigCode.CONFIG_SYNTAX_ERROR,
                    Status.WARN,
                    p.file() + " line " + p.line() + ": " + p.message(),
                    new LineRef(p.file(), p.line(), ""),
                    null);
        }
        if (inputs.isEmpty()) {
            out.add(
                    ConfigCode.CONFIG_EMPTY,
                    Status.ERROR,
                    "no configuration text uploaded for " + bundle.server(),
                    List.of(),
                    "upload postconf -n, postconf -M, doveconf -n or rspamadm configdump output");
        }
        Evidence evidence = Evidence.builder()
                .detail("inputs", inputs)
                .detail("lines", out.details)
                .detail(
                        "problems",
                        problems.stream()
                                .map(p -> Map.<String, Object>of(
                                        "file", p.file(), "line", p.line(), "message", p.message()))
                                .toList())
                .detail("facts", out.facts)
                .build();
        return CheckResult.of(
                CHECK_ID,
                "config:" + bundle.server(),
                out.findings,
                evidence,
                start,
                Duration.between(start, Instant.now()));
    }

    private static Optional<String> accept(
            String file, Optional<String> text, Collector out, Map<String, Object> inputs) {
        if (text.isEmpty() || text.get().isBlank()) {
            return Optional.empty();
        }
        Optional<String> refusal = ConfigBundle.refusal(file, text.get());
        if (refusal.isPresent()) {
            out.add(
                    ConfigCode.CONFIG_FILE_REJECTED,
                    Status.ERROR,
                    refusal.get(),
                    new LineRef(file, 0, ""),
                    "upload the text output of postconf/doveconf/rspamadm (at most " + ConfigBundle.MAX_CHARS
                            + " characters, " + ConfigBundle.MAX_LINES + " lines)");
            inputs.put(file, "rejected");
            return Optional.empty();
        }
        inputs.put(file, Lines.split(text.get()).size() + " lines");
        return text;
    }
}
