package dev.mailward.checks.dmarc;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class PublicSuffixListTests {

    private final PublicSuffixList psl = PublicSuffixList.parse(List.of(
            "// comment",
            "com",
            "uk",
            "co.uk",
            "*.ck",
            "!www.ck",
            "公司.cn",
            "cn",
            "// ===BEGIN PRIVATE DOMAINS===",
            "blogspot.com"));

    @Test
    void longestRuleWins() {
        assertThat(psl.registrableDomain("a.b.example.co.uk")).contains("example.co.uk");
        assertThat(psl.publicSuffix("a.b.example.co.uk")).contains("co.uk");
    }

    @Test
    void wildcardRuleTakesAnyLabel() {
        assertThat(psl.publicSuffix("a.foo.ck")).contains("foo.ck");
        assertThat(psl.registrableDomain("a.foo.ck")).contains("a.foo.ck");
        assertThat(psl.registrableDomain("foo.ck")).isEmpty();
    }

    @Test
    void exceptionRuleBeatsWildcard() {
        assertThat(psl.registrableDomain("www.ck")).contains("www.ck");
        assertThat(psl.registrableDomain("a.www.ck")).contains("www.ck");
    }

    @Test
    void privateSectionRulesAreHonoured() {
        assertThat(psl.registrableDomain("me.blogspot.com")).contains("me.blogspot.com");
        assertThat(psl.isPublicSuffix("blogspot.com")).isTrue();
    }

    @Test
    void unlistedTldUsesImplicitStarRule() {
        assertThat(psl.registrableDomain("a.b.example")).contains("b.example");
    }

    @Test
    void matchesUnicodeRulesForPunycodeInput() {
        assertThat(psl.registrableDomain("www.xn--85x722f.xn--55qx5d.cn")).contains("xn--85x722f.xn--55qx5d.cn");
        assertThat(psl.registrableDomain("www.食狮.公司.cn")).contains("食狮.公司.cn");
    }

    @Test
    void refusesNamesWithEmptyLabels() {
        assertThat(psl.registrableDomain(".example.com")).isEmpty();
        assertThat(psl.registrableDomain("a..example.com")).isEmpty();
        assertThat(psl.registrableDomain("")).isEmpty();
    }

    @Test
    void acceptsTrailingDotAndUpperCase() {
        assertThat(psl.registrableDomain("Mail.Example.COM.")).contains("example.com");
    }

    @Test
    void ruleIsTheFirstTokenOfItsLineInEitherForm() {
        PublicSuffixList list = PublicSuffixList.parse(List.of(
                "// comment",
                "",
                "  Example-TLD\tanything after the rule is ignored",
                "*.WILD.example-tld  x",
                "\u516C\u53F8.\u9999\u6E2F",
                "!keep.wild.example-tld"));
        assertThat(list.ruleCount()).isEqualTo(4);
        assertThat(list.publicSuffix("a.b.example-tld")).contains("example-tld");
        assertThat(list.publicSuffix("a.b.wild.example-tld")).contains("b.wild.example-tld");
        assertThat(list.publicSuffix("keep.wild.example-tld")).contains("wild.example-tld");
        // a Unicode rule also matches its A-label (punycode) form
        assertThat(list.publicSuffix("shop.xn--55qx5d.xn--j6w193g")).contains("xn--55qx5d.xn--j6w193g");
        assertThat(list.publicSuffix("shop.\u516C\u53F8.\u9999\u6E2F")).contains("\u516C\u53F8.\u9999\u6E2F");
    }
}
