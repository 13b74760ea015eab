package dev.mailward.checks.dmarc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mailward.checks.dmarc.DmarcParser.TxtKind;
import dev.mailward.checks.dmarc.DmarcRecord.Kind;
import dev.mailward.checks.dmarc.DmarcRecord.Policy;
import dev.mailward.checks.dmarc.DmarcRecord.Problem;
import org.junit.jupiter.api.Test;

class DmarcParserTests {

    @Test
    void parsesEveryKnownTag() {
        DmarcRecord r = DmarcParser.parse("v=DMARC1; p=reject; sp=quarantine; np=reject; psd=n; t=y; adkim=s;"
                + " aspf=s; rua=mailto:agg@example.org!10m; ruf=https://reports.example.net/f; fo=1:d");
        assertThat(r.usable()).isTrue();
        assertThat(r.p()).contains(Policy.REJECT);
        assertThat(r.sp()).contains(Policy.QUARANTINE);
        assertThat(r.np()).contains(Policy.REJECT);
        assertThat(r.psd()).isEqualTo("n");
        assertThat(r.testing()).isTrue();
        assertThat(r.adkim()).isEqualTo("s");
        assertThat(r.aspf()).isEqualTo("s");
        assertThat(r.rua()).singleElement().satisfies(u -> {
            assertThat(u.uri()).isEqualTo("mailto:agg@example.org");
            assertThat(u.size()).contains("10m");
            assertThat(u.host()).contains("example.org");
        });
        assertThat(r.ruf()).singleElement().satisfies(u -> assertThat(u.host()).contains("reports.example.net"));
        assertThat(r.tags()).containsKeys("v", "p", "sp", "np", "psd", "t", "adkim", "aspf", "rua", "ruf", "fo");
        assertThat(r.problems()).isEmpty();
    }

    @Test
    void ignoresUnknownTagsButKeepsThemAsData() {
        DmarcRecord r = DmarcParser.parse("v=DMARC1; p=none; future=<b>x</b>");
        assertThat(r.usable()).isTrue();
        assertThat(r.tags()).containsEntry("future", "<b>x</b>");
    }

    @Test
    void namesDuplicateTagAndDiscardsRecord() {
        DmarcRecord r = DmarcParser.parse("v=DMARC1; p=none; p=reject");
        assertThat(r.usable()).isFalse();
        assertThat(r.problems()).extracting(Problem::kind).contains(Kind.DUPLICATE_TAG);
        assertThat(r.problems())
                .extracting(Problem::message)
                .anyMatch(m -> m.contains("\"none\"") && m.contains("\"reject\""));
    }

    @Test
    void namesInvalidValue() {
        DmarcRecord r = DmarcParser.parse("v=DMARC1; p=reject; adkim=x");
        assertThat(r.usable()).isFalse();
        assertThat(r.problems()).extracting(Problem::message).contains("adkim=\"x\" is invalid (expected r or s)");
    }

    @Test
    void invalidPolicyWithValidRuaFallsBackToNone() {
        DmarcRecord r = DmarcParser.parse("v=DMARC1; p=bogus; rua=mailto:a@example.org");
        assertThat(r.usable()).isTrue();
        assertThat(r.policyFallbackNone()).isTrue();
        assertThat(r.domainPolicy()).isEqualTo(Policy.NONE);
    }

    @Test
    void missingPolicyWithoutRuaIsDiscarded() {
        assertThat(DmarcParser.parse("v=DMARC1; adkim=s").usable()).isFalse();
    }

    @Test
    void leadingWhitespaceIsFatal() {
        DmarcRecord r = DmarcParser.parse(" v=DMARC1; p=reject");
        assertThat(r.usable()).isFalse();
        assertThat(r.problems()).extracting(Problem::kind).containsExactly(Kind.LEADING_WHITESPACE);
        assertThat(DmarcParser.classify(" v=DMARC1; p=reject")).isEqualTo(TxtKind.DMARC_LEADING_WHITESPACE);
    }

    @Test
    void classifiesSpfTextAtDmarc() {
        assertThat(DmarcParser.classify("v=spf1 -all")).isEqualTo(TxtKind.SPF);
        assertThat(DmarcParser.classify("google-site-verification=abc")).isEqualTo(TxtKind.OTHER);
    }

    @Test
    void obsoleteTagsAreWarningsNotFatal() {
        DmarcRecord r = DmarcParser.parse("v=DMARC1; p=reject; pct=50; rf=afrf; ri=3600");
        assertThat(r.usable()).isTrue();
        assertThat(r.problems())
                .extracting(Problem::kind)
                .containsOnly(Kind.OBSOLETE_TAG)
                .hasSize(3);
    }

    @Test
    void policyAfterOtherTagsIsOnlyAnRfc7489Problem() {
        DmarcRecord r = DmarcParser.parse("v=DMARC1; rua=mailto:a@example.org; p=reject");
        assertThat(r.usable()).isTrue();
        assertThat(r.usableUnderRfc7489()).isFalse();
    }

    @Test
    void nonMailtoSchemeIsUnsupportedButSyntacticallyValid() {
        DmarcRecord r = DmarcParser.parse("v=DMARC1; p=none; rua=ftp://example.org/x");
        assertThat(r.usable()).isTrue();
        assertThat(r.problems()).extracting(Problem::kind).containsExactly(Kind.URI_UNSUPPORTED);
    }

    @Test
    void rejectsUriThatIsNotAUri() {
        DmarcRecord r = DmarcParser.parse("v=DMARC1; p=none; rua=bogus");
        assertThat(r.usable()).isFalse();
        assertThat(r.problems()).extracting(Problem::message).anyMatch(m -> m.contains("\"bogus\""));
    }

    @Test
    void boundsTheNumberOfTags() {
        DmarcRecord r = DmarcParser.parse("v=DMARC1; p=none" + "; x=1".repeat(500));
        assertThat(r.usable()).isFalse();
        assertThat(r.problems()).extracting(Problem::kind).containsExactly(Kind.SYNTAX);
    }

    @Test
    void escapesControlCharactersInMessages() {
        DmarcRecord r = DmarcParser.parse("v=DMARC1; p=re\u0001ject");
        assertThat(r.problems()).extracting(Problem::message).anyMatch(m -> m.contains("re\\x01ject"));
    }
}
