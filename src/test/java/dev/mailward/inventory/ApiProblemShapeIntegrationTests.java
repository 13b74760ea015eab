package dev.mailward.inventory;

import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import dev.mailward.accounts.Role;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.http.MediaType;
import org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.RequestPostProcessor;

/**
 * Every module's API answers a refused role, an unreadable body and a parameter that does not
 * parse with the same problem details (shared.api.ApiRequestProblems): before, each module's
 * advice had its own words, some none at all (the mitigations and accounts APIs fell back to
 * Spring's defaults).
 */
@AutoConfigureMockMvc
class ApiProblemShapeIntegrationTests extends InventoryTestSupport {

    @Autowired
    MockMvc mvc;

    private long teamId;
    private String operator;
    private String auditor;
    private String admin;

    @BeforeEach
    void setUp() {
        teamId = team(unique("shape"));
        operator = user(unique("shapeop"), Role.OPERATOR, teamId);
        auditor = user(unique("shapeaud"), Role.AUDITOR, teamId);
        admin = user(unique("shapeadm"), Role.ADMIN, teamId);
    }

    private RequestPostProcessor as(String username) {
        return SecurityMockMvcRequestPostProcessors.user(users.loadUserByUsername(username));
    }

    @Test
    void aRoleThatMayNotActIsForbiddenInOneShape() throws Exception {
        mvc.perform(post("/api/v1/domains")
                        .with(as(auditor))
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("{\"name\":\"" + unique("shape") + ".test\",\"teamId\":" + teamId + "}"))
                .andExpect(status().isForbidden())
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.title").value("Forbidden"))
                .andExpect(jsonPath("$.detail").value("Your role does not allow this"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"/api/v1/domains", "/api/v1/scans", "/api/v1/reports", "/api/v1/users"})
    void aBodyThatIsNotJsonNamesTheBody(String path) throws Exception {
        mvc.perform(post(path)
                        .with(as(admin))
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("{\"name\": <b>x</b>"))
                .andExpect(status().isBadRequest())
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.title").value("Unreadable request"))
                .andExpect(jsonPath("$.field").value("body"))
                .andExpect(jsonPath("$.detail").value("The request body is not valid JSON of the expected shape"));
    }

    @Test
    void aBodyFieldOfTheWrongTypeIsNamed() throws Exception {
        mvc.perform(post("/api/v1/domains")
                        .with(as(operator))
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("{\"name\":\"x.test\",\"teamId\":\"eleven\"}"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.title").value("Unreadable request"))
                .andExpect(jsonPath("$.field").value("body.teamId"))
                .andExpect(
                        jsonPath("$.detail").value("The request body's field 'teamId' has the wrong type or format"));
    }

    @Test
    void aListElementOfTheWrongTypeIsNamedByItsIndex() throws Exception {
        mvc.perform(post("/api/v1/domains")
                        .with(as(operator))
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("{\"name\":\"x.test\",\"teamId\":" + teamId + ",\"tags\":[\"eu\",{\"x\":1}]}"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.field").value("body.tags.1"));
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "/api/v1/domains/abc",
                "/api/v1/scans/abc",
                "/api/v1/reports/abc",
                "/api/v1/domains/abc/mitigations",
                "/api/v1/users/abc"
            })
    void aPathIdThatIsNotANumberIsNamed(String path) throws Exception {
        mvc.perform(get(path).with(as(admin)))
                .andExpect(status().isBadRequest())
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.title").value("Unreadable request"))
                .andExpect(jsonPath("$.field").value("id"))
                .andExpect(jsonPath("$.detail").value("Parameter 'id' must be a whole number"));
    }

    @Test
    void aQueryParameterThatIsNotANumberIsNamed() throws Exception {
        mvc.perform(get("/api/v1/scans").param("page", "two").with(as(operator)))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.field").value("page"))
                .andExpect(jsonPath("$.detail").value("Parameter 'page' must be a whole number"));
    }
}
