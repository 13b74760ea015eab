package dev.mailward.mitigations.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class GuideMarkdownTests {

    @Test
    void aTableScrollsInItsOwnBoxAndRawHtmlStaysEscaped() {
        String html = GuideMarkdown.render("""
                | Setting | Value |
                |---|---|
                | smtpd_tls_security_level | may |

                <table><tr><td>raw</td></tr></table>
                """);

        assertThat(html).contains("<div class=\"table-wrap\"><table>").contains("</table></div>");
        assertThat(html).containsOnlyOnce("<table>").contains("&lt;table&gt;");
    }
}
