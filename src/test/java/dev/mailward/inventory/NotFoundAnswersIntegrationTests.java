package dev.mailward.inventory;

import static org.hamcrest.Matchers.containsString;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import dev.mailward.accounts.Role;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.http.MediaType;
import org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.RequestPostProcessor;

/**
 * Unknown ids answer alike in every module (one advice, {@code shared.web.NotFoundAdvice}): the
 * API with the "Not found" problem naming what was asked for, the pages with the 404 page.
 */
@AutoConfigureMockMvc
class NotFoundAnswersIntegrationTests extends InventoryTestSupport {

    private static final long NONE = 987_654_321L;

    @Autowired
    MockMvc mvc;

    private String admin;

    @BeforeEach
    void setUp() {
        admin = user(unique("nfadm"), Role.ADMIN, team(unique("nf")));
    }

    private RequestPostProcessor theAdmin() {
        return SecurityMockMvcRequestPostProcessors.user(users.loadUserByUsername(admin));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            /api/v1/domains/987654321                  | no domain with id 987654321
            /api/v1/servers/987654321                  | no server with id 987654321
            /api/v1/scans/987654321                    | scan 987654321 not found
            /api/v1/reports/987654321                  | report 987654321 not found
            /api/v1/users/987654321                    | no user with id 987654321
            /api/v1/domains/987654321/mitigations      | no domain with id 987654321
            /api/v1/servers/987654321/config           | no server with id 987654321
            """)
    void theApiAnswersNotFoundNamingWhatWasAskedFor(String path, String detail) throws Exception {
        mvc.perform(get(path).with(theAdmin()))
                .andExpect(status().isNotFound())
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.title").value("Not found"))
                .andExpect(jsonPath("$.status").value(404))
                .andExpect(jsonPath("$.detail").value(detail))
                .andExpect(jsonPath("$.instance").value(path))
                .andExpect(jsonPath("$.field").doesNotExist())
                .andExpect(jsonPath("$.code").doesNotExist());
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "/domains/" + NONE,
                "/servers/" + NONE,
                "/scans/" + NONE,
                "/reports/" + NONE,
                "/admin/users/" + NONE,
                "/domains/" + NONE + "/dashboard",
                "/domains/" + NONE + "/results",
                "/servers/" + NONE + "/config"
            })
    void thePagesAnswerWithThe404Page(String path) throws Exception {
        mvc.perform(get(path).with(theAdmin()))
                .andExpect(status().isNotFound())
                .andExpect(content().contentTypeCompatibleWith(MediaType.TEXT_HTML))
                .andExpect(content().string(containsString("Error 404")))
                .andExpect(content().string(containsString("This page does not exist.")));
    }
}
