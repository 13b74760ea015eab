package dev.mailward.shared;

import static org.hamcrest.Matchers.containsString;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrl;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import dev.mailward.MailwardIntegrationTest;
import dev.mailward.accounts.AccountsTestSupport;
import dev.mailward.accounts.Role;
import dev.mailward.accounts.UserView;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.web.servlet.MockMvc;

@MailwardIntegrationTest
class OpenApiIntegrationTests {

    @Autowired
    MockMvc mvc;

    @Autowired
    AccountsTestSupport support;

    @Test
    void documentListsTheApiAndDeclaresTheBearerScheme() throws Exception {
        UserView auditor = support.user("openapi", Role.AUDITOR);
        mvc.perform(get("/v3/api-docs").with(user(support.principal(auditor.username()))))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.openapi").value(org.hamcrest.Matchers.startsWith("3.")))
                .andExpect(jsonPath("$.info.title").value("Mailward API"))
                .andExpect(jsonPath("$.paths['/api/v1/domains'].get").exists())
                .andExpect(jsonPath("$.paths['/api/v1/domains/{id}'].get").exists())
                .andExpect(jsonPath("$.paths['/api/v1/users']").exists())
                .andExpect(jsonPath("$.paths['/api/v1/tags'].get").exists())
                .andExpect(jsonPath("$.paths['/api/v1/scans'].post").exists())
                .andExpect(jsonPath("$.paths['/api/v1/scans'].get").exists())
                .andExpect(jsonPath("$.paths['/api/v1/scans/{id}'].get").exists())
                .andExpect(jsonPath("$.paths['/api/v1/scans/{id}/cancel'].post").exists())
                .andExpect(jsonPath("$.paths['/api/v1/changes'].get").exists())
                .andExpect(jsonPath("$.paths['/api/v1/exceptions'].get").exists())
                .andExpect(jsonPath("$.paths['/api/v1/exceptions'].post").exists())
                .andExpect(jsonPath("$.paths['/api/v1/exceptions/{id}/revoke'].post")
                        .exists())
                .andExpect(jsonPath("$.paths['/api/v1/mitigations'].get").exists())
                .andExpect(jsonPath("$.paths['/api/v1/domains/{id}/mitigations'].get")
                        .exists())
                .andExpect(jsonPath("$.paths['/api/v1/results'].get").exists())
                .andExpect(jsonPath("$.paths['/api/v1/reports'].post").exists())
                // the scan's body documents its scope
                .andExpect(jsonPath("$.components.schemas.StartScan.properties.scope")
                        .exists())
                .andExpect(
                        jsonPath("$.components.securitySchemes.apiToken.type").value("http"))
                .andExpect(
                        jsonPath("$.components.securitySchemes.apiToken.scheme").value("bearer"))
                .andExpect(jsonPath("$.security[*].apiToken").exists())
                // only the JSON API, not the console's pages
                .andExpect(jsonPath("$.paths['/domains']").doesNotExist());
    }

    @Test
    void documentAndDocsPageAreForSignedInUsersOnly() throws Exception {
        mvc.perform(get("/v3/api-docs")).andExpect(status().is3xxRedirection());
        mvc.perform(get("/api/docs")).andExpect(status().is3xxRedirection()).andExpect(redirectedUrl("/login"));
        UserView user = support.user("docs", Role.OPERATOR);
        mvc.perform(get("/api/docs").with(user(support.principal(user.username()))))
                .andExpect(redirectedUrl("/swagger-ui/index.html"));
    }

    @Test
    void swaggerUiLoadsOnlySameOriginScriptsUnderTheStrictPolicy() throws Exception {
        UserView user = support.user("swagger", Role.AUDITOR);
        mvc.perform(get("/swagger-ui/index.html").with(user(support.principal(user.username()))))
                .andExpect(status().isOk())
                .andExpect(header().string("Content-Security-Policy", SecurityConfiguration.CONTENT_SECURITY_POLICY))
                .andExpect(content().string(containsString("<script src=\"./swagger-ui-bundle.js\"")))
                // no inline script: every <script> has a same-origin src
                .andExpect(content().string(org.hamcrest.Matchers.not(containsString("<script>"))));
        mvc.perform(get("/v3/api-docs/swagger-config").with(user(support.principal(user.username()))))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.url", containsString("/v3/api-docs")));
        mvc.perform(get("/swagger-ui/swagger-initializer.js").with(user(support.principal(user.username()))))
                .andExpect(status().isOk())
                .andExpect(content().string(containsString("/v3/api-docs/swagger-config")));
    }
}
