package dev.mailward.configaudit;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PostfixMainParserTests {

    @Test
    void joinsContinuationLinesAndSkipsComments() {
        PostfixMainConfig c = PostfixMainConfig.parse("""
                # comment
                smtpd_relay_restrictions = permit_mynetworks,
                    # a comment inside the continuation
                    permit_sasl_authenticated,
                    reject_unauth_destination
                myhostname = mx.example.org
                """);
        assertThat(c.problems()).isEmpty();
        assertThat(c.explicit("smtpd_relay_restrictions").orElseThrow().rawValue())
                .isEqualTo("permit_mynetworks, permit_sasl_authenticated, reject_unauth_destination");
        assertThat(c.explicit("smtpd_relay_restrictions").orElseThrow().line()).isEqualTo(2);
        assertThat(c.explicit("myhostname").orElseThrow().line()).isEqualTo(6);
    }

    @Test
    void expandsDollarNamesBracesParenthesesAndConditionals() {
        PostfixMainConfig c = PostfixMainConfig.parse("""
                myhostname = mx.example.org
                mydomain = example.org
                a = $myhostname/${mydomain}/$(mydomain)
                b = ${mydomain?set}${nothing?no}${nothing:empty}
                c = ${mydomain?{yes}:{no}} $$literal
                """);
        assertThat(c.expanded("a")).contains("mx.example.org/example.org/example.org");
        assertThat(c.expanded("b")).contains("setempty");
        assertThat(c.expanded("c")).contains("yes $literal");
    }

    @Test
    void lastAssignmentWinsAsInPostfix() {
        PostfixMainConfig c = PostfixMainConfig.parse("smtpd_banner = one\nsmtpd_banner = two\n");
        assertThat(c.expanded("smtpd_banner")).contains("two");
        assertThat(c.explicit("smtpd_banner").orElseThrow().line()).isEqualTo(2);
    }

    @Test
    void unsetParameterUsesDefaultForCompatibilityLevel() {
        PostfixMainConfig legacy = PostfixMainConfig.parse("myhostname = h\n");
        PostfixMainConfig current = PostfixMainConfig.parse("compatibility_level = 3.6\n");
        assertThat(legacy.compatibilityLevel()).isEqualTo("0");
        assertThat(legacy.expanded("smtpd_relay_restrictions")).contains("");
        assertThat(legacy.expanded("mynetworks_style")).contains("subnet");
        assertThat(current.expanded("smtpd_relay_restrictions"))
                .contains("permit_mynetworks, permit_sasl_authenticated, defer_unauth_destination");
        assertThat(current.expanded("mynetworks_style")).contains("host");
        assertThat(current.expanded("smtpd_tls_protocols")).contains(">=TLSv1");
        assertThat(current.lineOf("smtpd_tls_protocols").line()).isZero();
        assertThat(current.lineOf("smtpd_tls_protocols").text()).contains("default '>=TLSv1'");
    }

    @Test
    void unknownParametersAreToleratedAndLeftUnexpanded() {
        PostfixMainConfig c = PostfixMainConfig.parse("x_custom = 1\nsmtpd_banner = $myhostname ESMTP $whatever\n");
        assertThat(c.problems()).isEmpty();
        assertThat(c.expanded("smtpd_banner")).contains("$myhostname ESMTP $whatever");
    }

    @Test
    void reportsLinesWithoutEqualsAndStrayContinuations() {
        PostfixMainConfig c = PostfixMainConfig.parse("  stray continuation\nmyhostname mx.example.org\nok = 1\n");
        assertThat(c.problems()).extracting(ParseProblem::line).containsExactly(1, 2);
        assertThat(c.problems().get(1).message()).contains("missing '='").contains("myhostname mx.example.org");
        assertThat(c.explicit("ok")).isPresent();
    }

    @Test
    void detectsSelfReferenceAndIndirectCycles() {
        PostfixMainConfig c = PostfixMainConfig.parse("a = $a\nb = x $c\nc = $b\n");
        assertThat(c.expanded("a")).contains("$a");
        assertThat(c.expanded("b")).isPresent();
        assertThat(c.expansionProblems())
                .extracting(ParseProblem::message)
                .anySatisfy(m -> assertThat(m).contains("'a' refers to itself"))
                .anySatisfy(m -> assertThat(m).contains("$b -> $c -> $b"));
    }

    @Test
    void parsesRealPostconfOutput() {
        PostfixMainConfig c = PostfixMainConfig.parse(Fixtures.text("hardened", "postconf-n.txt"));
        assertThat(c.problems()).isEmpty();
        assertThat(c.expanded("non_smtpd_milters")).contains("inet:localhost:11332");
        assertThat(c.expanded("smtpd_tls_chain_files"))
                .contains("/etc/ssl/private/mx.example.org.key, /etc/ssl/certs/mx.example.org.fullchain.pem");
    }
}
