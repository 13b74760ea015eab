package dev.mailward.reports;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.flash;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrl;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import dev.mailward.accounts.AccountsTestSupport;
import dev.mailward.accounts.Role;
import dev.mailward.accounts.TeamRef;
import dev.mailward.accounts.UserView;
import java.time.Instant;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The "new report" form: the scope's fields marked for showing one at a time, the user's tags offered,
 * a scope that matches no domain refused with a message, the progress line while generating.
 */
class ReportFormIntegrationTests extends ReportsTestSupport {

    private UserView auditor;
    private String ownTag;
    private String foreignTag;

    @BeforeEach
    void seed() {
        TeamRef team = accounts.team("form");
        TeamRef other = accounts.team("form-other");
        auditor = accounts.user("form-auditor", Role.AUDITOR, team);
        ownTag = AccountsTestSupport.unique("own");
        foreignTag = AccountsTestSupport.unique("foreign");
        domain(AccountsTestSupport.unique("form") + ".test", team, Instant.now(), ownTag);
        domain(AccountsTestSupport.unique("form-other") + ".test", other, Instant.now(), foreignTag);
    }

    @Test
    void formOffersTheUsersTagsAndMarksEachScopesField() throws Exception {
        String page = mvc.perform(get("/reports").with(as(auditor)))
                .andExpect(status().isOk())
                .andReturn()
                .getResponse()
                .getContentAsString();
        assertThat(page).containsPattern("<input[^>]*id=\"tag\"[^>]*list=\"tag-options\"");
        String datalist = page.substring(page.indexOf("<datalist id=\"tag-options\">"), page.indexOf("</datalist>"));
        assertThat(datalist).contains("value=\"" + ownTag + "\"").doesNotContain(foreignTag);
        assertThat(page)
                .containsPattern("class=\"field scope-field for-team\">\\s*<label for=\"teamId\"")
                .containsPattern("class=\"field scope-field for-tag\">\\s*<label for=\"tag\"")
                .containsPattern("class=\"field scope-field for-domains\">\\s*<label for=\"domains\"")
                // the date and format fields belong to every scope
                .containsPattern("<div class=\"field\">\\s*<label for=\"asOf\"")
                .containsPattern("<div class=\"field\">\\s*<label for=\"format\"")
                // the progress line, shown by mailward.js when the form is sent
                .containsPattern("<form [^>]*id=\"report-form\"[^>]*data-progress=\"generate-progress\"")
                .containsPattern("<p class=\"hint\" id=\"generate-progress\" role=\"status\" hidden><progress>");
    }

    @Test
    void refusesAScopeThatMatchesNoDomain() throws Exception {
        int before = jdbc.queryForObject("select count(*) from report_archive", Integer.class);
        for (String[] scope : new String[][] {
            {"tag", "tag", "no-such-tag-" + ownTag},
            {"tag", "tag", foreignTag},
            {"domains", "domains", "nowhere-" + ownTag + ".test"}
        }) {
            mvc.perform(post("/reports")
                            .with(as(auditor))
                            .with(csrf())
                            .param("format", "PDF")
                            .param("scope", scope[0])
                            .param(scope[1], scope[2]))
                    .andExpect(status().is3xxRedirection())
                    .andExpect(redirectedUrl("/reports"))
                    .andExpect(flash().attribute(
                                    "flashError",
                                    "This scope matches none of your domains (at that date), so the report would"
                                            + " be empty. Choose another team or tag, or check the domain names."));
        }
        assertThat(jdbc.queryForObject("select count(*) from report_archive", Integer.class))
                .isEqualTo(before);
        // the user's own tag makes a report
        mvc.perform(post("/reports")
                        .with(as(auditor))
                        .with(csrf())
                        .param("format", "CSV")
                        .param("scope", "tag")
                        .param("tag", ownTag))
                .andExpect(status().is3xxRedirection())
                .andExpect(flash().attributeExists("flash"));
    }
}
