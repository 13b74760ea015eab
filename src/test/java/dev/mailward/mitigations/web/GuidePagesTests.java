package dev.mailward.mitigations.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import dev.mailward.checks.Mitigation;
import dev.mailward.mitigations.GuideService;
import dev.mailward.mitigations.MitigationCatalogue;
import java.time.Clock;
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
    void unknownMitigationIsNotFound() throws Exception {
        mvc.perform(get("/mitigations/no-such-thing/guide")).andExpect(status().isNotFound());
    }
}
