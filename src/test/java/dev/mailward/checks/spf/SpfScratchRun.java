package dev.mailward.checks.spf;

import java.time.Clock;
import java.util.List;
import java.util.Map;

/** Scratch: runs the suites over the in-memory zone (development aid, not a test). */
final class SpfScratchRun {
    public static void main(String[] args) throws Exception {
        Map<String, List<SpfSuite.Case>> all = SpfSuite.all(java.nio.file.Path.of("/work/shared/conformance"));
        int pass = 0, fail = 0;
        for (var e : all.entrySet()) {
            for (SpfSuite.Case c : e.getValue()) {
                SpfEvaluator ev = new SpfEvaluator(new ZoneSpfDns(c.zone()), "DEFAULT", "localdomain.org", Clock.systemUTC());
                SpfEvaluation r;
                try {
                    r = c.heloFirst() ? ev.checkHost(c.host(), c.helo(), "", c.helo()) : null;
                    if (r == null || r.result() == SpfResult.PASS) r = ev.checkHost(c.host(), domainOf(c), c.mailfrom(), c.helo());
                } catch (RuntimeException ex) {
                    System.out.println("EXC " + e.getKey() + " " + c.name() + " " + ex);
                    fail++;
                    continue;
                }
                boolean ok = c.results().contains(r.result().rfcName())
                        && (c.explanation().isEmpty() || !r.result().equals(SpfResult.FAIL) || c.explanation().get().equals(r.explanation().orElse(null)));
                if (ok) pass++; else { fail++; System.out.println("FAIL " + e.getKey() + " " + c.name() + " want " + c.results() + " " + c.explanation().orElse("") + " got " + r); }
            }
        }
        System.out.println(pass + " passed, " + fail + " failed");
    }

    static String domainOf(SpfSuite.Case c) {
        String s = c.mailfrom().isEmpty() ? "postmaster@" + c.helo() : c.mailfrom();
        return s.substring(s.lastIndexOf('@') + 1);
    }
}
