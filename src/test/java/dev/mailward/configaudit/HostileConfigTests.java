package dev.mailward.configaudit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mailward.checks.CheckResult;
import dev.mailward.checks.Finding;
import dev.mailward.checks.Status;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(10)
class HostileConfigTests {

    private static Finding rejected(CheckResult r) {
        return r.findings().stream()
                .filter(f -> f.code().equals("CONFIG_FILE_REJECTED"))
                .findFirst()
                .orElseThrow();
    }

    @Test
    void refusesATenMebibyteFile() {
        String big = "a = b\n".repeat(10 * 1024 * 1024 / 6 + 1);
        CheckResult r = ConfigAudit.audit(ConfigBundle.of("big", big, null, null, null));
        assertThat(r.status()).isEqualTo(Status.ERROR);
        assertThat(rejected(r).message()).startsWith("main.cf is " + big.length() + " characters (limit 2097152)");
    }

    @Test
    void refusesBinaryData() {
        String bin = "\u007fELF\u0002\u0001\u0001\u0000\u0000junk";
        CheckResult r = ConfigAudit.audit(ConfigBundle.of("bin", null, bin, null, null));
        assertThat(rejected(r).message()).contains("master.cf contains a NUL byte at offset 7");
    }

    @Test
    void refusesAHundredThousandLines() {
        String many = "# x\n".repeat(100_000);
        CheckResult r = ConfigAudit.audit(ConfigBundle.of("many", null, null, many, null));
        assertThat(rejected(r).message()).isEqualTo("doveconf has 100000 lines (limit 50000); not parsed");
    }

    @Test
    void boundsDeeplyNestedBracesInEveryParser() {
        String rspamd = "a {".repeat(10_000) + "}".repeat(10_000);
        CheckResult r = ConfigAudit.audit(ConfigBundle.of("deep", null, null, "s {\n".repeat(5_000), rspamd));
        assertThat(r.findings())
                .filteredOn(f -> f.code().equals("CONFIG_SYNTAX_ERROR"))
                .extracting(Finding::message)
                .anySatisfy(m -> assertThat(m).contains("rspamd line 1: objects nested deeper than 64 levels"))
                .anySatisfy(m -> assertThat(m).contains("doveconf line 33: sections nested deeper than 32 levels"));
        MasterCf m = MasterCf.parse("x inet n - y - - smtpd -o " + "{".repeat(1000) + "a=b" + "}".repeat(1000));
        assertThat(m.problems().getFirst().message()).contains("braces nested deeper than 8 levels");
    }

    @Test
    void selfReferenceIsReportedNotLooped() {
        CheckResult r = ConfigAudit.audit(ConfigBundle.of(
                "loop", "myhostname = $myhostname.x\nsmtpd_banner = $myhostname ESMTP\n", null, null, null));
        assertThat(r.findings())
                .filteredOn(f -> f.code().equals("CONFIG_EXPANSION_ERROR"))
                .extracting(Finding::message)
                .anySatisfy(m -> assertThat(m).contains("'myhostname' refers to itself"));
        assertThat(r.findings()).noneMatch(f -> f.code().equals("CONFIG_SYNTAX_ERROR"));
    }

    @Test
    void expansionProblemsAreNotAlsoSyntaxErrors() {
        StringBuilder b = new StringBuilder("p0 = xxxxxxxxxxxxxxxx\n");
        for (int i = 1; i < 40; i++) {
            b.append("p")
                    .append(i)
                    .append(" = $p")
                    .append(i - 1)
                    .append(" $p")
                    .append(i - 1)
                    .append('\n');
        }
        b.append("smtpd_banner = $p39\nmyhostname = $myhostname.x\n= no name\n");
        CheckResult r = ConfigAudit.audit(ConfigBundle.of("mixed", b.toString(), null, null, null));
        assertThat(r.findings())
                .filteredOn(f -> f.code().equals("CONFIG_EXPANSION_ERROR"))
                .extracting(Finding::message)
                .anySatisfy(m -> assertThat(m).startsWith("expansion of"))
                .anySatisfy(m -> assertThat(m).startsWith("parameter 'myhostname'"));
        assertThat(r.findings())
                .filteredOn(f -> f.code().equals("CONFIG_SYNTAX_ERROR"))
                .extracting(Finding::message)
                .singleElement()
                .satisfies(m -> assertThat(m).startsWith("main.cf line 43: "));
    }

    @Test
    void exponentialExpansionIsBounded() {
        StringBuilder b = new StringBuilder("p0 = xxxxxxxxxxxxxxxx\n");
        for (int i = 1; i < 40; i++) {
            b.append("p")
                    .append(i)
                    .append(" = $p")
                    .append(i - 1)
                    .append(" $p")
                    .append(i - 1)
                    .append('\n');
        }
        b.append("smtpd_banner = $p39\n");
        PostfixMainConfig c = PostfixMainConfig.parse(b.toString());
        assertThat(c.expanded("smtpd_banner").orElseThrow().length())
                .isLessThanOrEqualTo(PostfixMainConfig.MAX_EXPANDED + 64);
        assertThat(c.expansionProblems()).isNotEmpty();
    }

    @Test
    void emptyBundleIsAnErrorNotAPass() {
        CheckResult r = ConfigAudit.audit(ConfigBundle.of("none", null, " ", null, null));
        assertThat(r.status()).isEqualTo(Status.ERROR);
        assertThat(r.findings()).extracting(Finding::code).containsExactly("CONFIG_EMPTY");
    }
}
