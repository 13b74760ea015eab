package dev.mailward.configaudit;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RspamdDumpParserTests {

    @Test
    void parsesTheWholeRealConfigdump() {
        RspamdDumpParser.Result r = RspamdDumpParser.parse(Fixtures.text("hardened", "rspamd-configdump.txt"));
        assertThat(r.problems()).isEmpty();
        Ucl.Obj dkim = r.root().object("dkim_signing").orElseThrow();
        assertThat(dkim.scalar("selector")).contains("s2025");
        assertThat(dkim.object("domain")
                        .orElseThrow()
                        .object("example.org")
                        .orElseThrow()
                        .scalar("path"))
                .contains("/var/lib/rspamd/dkim/example.org.s2025.key");
        assertThat(r.root().all("worker")).hasSizeGreaterThanOrEqualTo(3);
    }

    @Test
    void readsNamedSectionsArraysHeredocsAndComments() {
        RspamdDumpParser.Result r = RspamdDumpParser.parse("""
                # comment
                worker "proxy" {
                    bind_socket = "*:11332"; /* inline */
                    milter = true;
                }
                list [
                    "a",
                    2,
                ]
                fmt = <<EOD
                line one
                EOD;
                "quoted.key" = 'x';
                """);
        assertThat(r.problems()).isEmpty();
        Ucl.Obj proxy =
                ((Ucl.Obj) r.root().get("worker").orElseThrow()).object("proxy").orElseThrow();
        assertThat(proxy.scalar("bind_socket")).contains("*:11332");
        assertThat(Ucl.strings(r.root().get("list").orElseThrow())).containsExactly("a", "2");
        assertThat(r.root().scalar("fmt")).contains("line one");
        assertThat(r.root().scalar("quoted.key")).contains("x");
    }

    @Test
    void reportsSyntaxErrorsWithTheirLine() {
        RspamdDumpParser.Result r = RspamdDumpParser.parse("a {\n  b = 1;\n  c = \"open\n");
        assertThat(r.problems()).singleElement().satisfies(p -> {
            assertThat(p.line()).isEqualTo(3);
            assertThat(p.message()).contains("never closed");
        });
        assertThat(RspamdDumpParser.parse("a = 1;\n}\n").problems().getFirst().line())
                .isEqualTo(2);
    }
}
