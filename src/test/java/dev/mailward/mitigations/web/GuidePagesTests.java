package dev.mailward.mitigations.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import dev.mailward.checks.Mitigation;
import dev.mailward.mitigations.GuideService;
import dev.mailward.mitigations.MitigationCatalogue;
import java.time.Clock;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.security.test.context.support.WithMockUser;
import org.springframework.test.web.servlet.MockMvc;

/**
 * Every guide page renders for an auditor with its sections, code anchors and escaped snippets. A web slice:
 * the guide controller, the console's advice and templates, and the catalogue Mailward ships
 * ({@link MitigationCatalogue#standard()}, as the CLI uses it); no database. Who may open these pages is the
 * role matrix's question, asked of the real security configuration in the full context.
 */
@WebMvcTest(GuideController.class)
@Import(GuidePagesTests.ShippedGuides.class)
@WithMockUser(roles = "AUDITOR")
class GuidePagesTests {

    @TestConfiguration(proxyBeanMethods = false)
    static class ShippedGuides {

        @Bean
        GuideService guideService() {
            return new GuideService(MitigationCatalogue.standard(), Clock.systemUTC());
        }
    }

    @Autowired
    MockMvc mvc;

    @Test
    void indexListsAllThirteenMitigations() throws Exception {
        String html = mvc.perform(get("/mitigations"))
                .andExpect(status().isOk())
                .andReturn()
                .getResponse()
                .getContentAsString();
        for (Mitigation m : Mitigation.values()) {
            assertThat(html).contains("/mitigations/" + m.id() + "/guide");
        }
        assertThat(html).contains("Host control with SPF and DKIM", "weighted share of mitigations passing");
    }

    @Test
    void everyGuidePageRendersWithFixVerifyAndReferences() throws Exception {
        for (Mitigation m : Mitigation.values()) {
            String html = mvc.perform(get("/mitigations/" + m.id() + "/guide"))
                    .andExpect(status().isOk())
                    .andReturn()
                    .getResponse()
                    .getContentAsString();
            assertThat(html)
                    .as(m.id())
                    .contains(
                            "What it protects against",
                            "How Mailward measures it",
                            "id=\"fix-it\"",
                            "id=\"postfix\"",
                            "id=\"dovecot\"",
                            "id=\"rspamd\"",
                            "id=\"dns\"",
                            "id=\"verify\"",
                            "id=\"references\"");
        }
    }

    @Test
    void codeTableLinksToTheCodeSections() throws Exception {
        String html = mvc.perform(get("/mitigations/spf-dkim/guide"))
                .andExpect(status().isOk())
                .andReturn()
                .getResponse()
                .getContentAsString();
        assertThat(html)
                .contains(
                        "href=\"#SPF_TOO_MANY_LOOKUPS\"",
                        "id=\"SPF_TOO_MANY_LOOKUPS\"",
                        "More than 10 DNS-querying SPF terms (permerror)");
        // snippets are text, not markup: the quotes of the TXT record arrive escaped inside <code>
        assertThat(html).contains("v=spf1 mx include:_spf.mailprovider.example -all");
        assertThat(html).doesNotContain("<script>");
    }

    @Test
    void everyGuideReadsFixVerifyBackgroundThenTheFoldedCodeCatalogue() throws Exception {
        for (Mitigation m : Mitigation.values()) {
            String html = mvc.perform(get("/mitigations/" + m.id() + "/guide"))
                    .andExpect(status().isOk())
                    .andReturn()
                    .getResponse()
                    .getContentAsString();
            int fix = html.indexOf("id=\"fix\"");
            int postfix = html.indexOf("id=\"postfix\"");
            int verify = html.indexOf("id=\"verify\"");
            int background = html.indexOf("id=\"background\"");
            int why = html.indexOf("Why it matters");
            int codes = html.indexOf("id=\"codes\"");
            int fold = html.indexOf("<details class=\"code-catalogue\">");
            int firstCode = html.indexOf("class=\"code-section\"");
            assertThat(fix).as(m.id()).isPositive();
            assertThat(List.of(fix, postfix, verify, background, why, codes, fold, firstCode))
                    .as(m.id() + ": fix, its configuration, verify, background, then the codes folded")
                    .isSorted()
                    .doesNotContain(-1);
        }
    }

    @Test
    void verifyCommandsNameTheDomainButNotItsExampleServers() {
        var parts =
                MitigationCatalogue.standard().entry(Mitigation.LAYERED_AUTH).parts();
        assertThat(parts.verify()).contains("_dmarc.example.org");
        String filled = parts.verifyFor("shop.example");
        assertThat(filled).contains("_dmarc.shop.example").doesNotContain("_dmarc.example.org");
        assertThat(MitigationCatalogue.standard().entry(Mitigation.TLS).parts().verifyFor("shop.example"))
                .contains("mx1.example.org", "_mta-sts.shop.example", "_smtp._tls.shop.example");
        // a name that is no host name changes nothing (it would land in the page as markup)
        assertThat(parts.verifyFor("<b>x</b>")).isEqualTo(parts.verify());
    }

    @Test
    void unknownMitigationIsNotFound() throws Exception {
        mvc.perform(get("/mitigations/no-such-thing/guide")).andExpect(status().isNotFound());
    }
}
