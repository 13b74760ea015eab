package dev.mailward.shared;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.httpBasic;
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
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.web.servlet.MockMvc;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

@MailwardIntegrationTest
class OpenApiIntegrationTests {

    @Autowired
    MockMvc mvc;

    @Autowired
    AccountsTestSupport support;

    private static final JsonMapper JSON = JsonMapper.builder().build();

    /** The resources the API's operations are grouped by, as Swagger UI shows them. */
    private static final Set<String> RESOURCES = Set.of(
            "Domains",
            "Mail servers",
            "Tags",
            "Scans",
            "Results",
            "Changes",
            "Exceptions",
            "Notification channels",
            "Mitigations",
            "Reports",
            "Users",
            "Teams",
            "Server configurations",
            "Report intake");

    private JsonNode document() throws Exception {
        UserView auditor = support.user("openapi-doc", Role.AUDITOR);
        String json = mvc.perform(get("/v3/api-docs").with(user(support.principal(auditor.username()))))
                .andExpect(status().isOk())
                .andReturn()
                .getResponse()
                .getContentAsString();
        return JSON.readTree(json);
    }

    /** Every operation of the document as "METHOD path" → operation. */
    private static Map<String, JsonNode> operations(JsonNode document) {
        Map<String, JsonNode> operations = new TreeMap<>();
        document.get("paths")
                .properties()
                .forEach(path -> path.getValue()
                        .properties()
                        .forEach(op -> operations.put(
                                op.getKey().toUpperCase(Locale.ROOT) + " " + path.getKey(), op.getValue())));
        return operations;
    }

    @Test
    void everyOperationHasASummaryADescriptionAndItsResourceAsTag() throws Exception {
        JsonNode document = document();
        Map<String, JsonNode> operations = operations(document);
        assertThat(operations).hasSizeGreaterThan(30);
        List<String> problems = new ArrayList<>();
        operations.forEach((name, op) -> {
            if (!op.path("operationId").asString("").matches("[a-z][A-Za-z]+")) {
                problems.add(name + ": operationId " + op.get("operationId") + " is no name a code generator can use");
            }
            if (op.path("summary").asString("").isBlank()) {
                problems.add(name + ": no summary");
            }
            if (op.path("description").asString("").length() < 20) {
                problems.add(name + ": no description");
            }
            List<String> tags = new ArrayList<>();
            op.path("tags").forEach(t -> tags.add(t.asString()));
            if (tags.size() != 1 || !RESOURCES.contains(tags.getFirst())) {
                problems.add(name + ": tags " + tags + " are not one resource of " + RESOURCES);
            }
        });
        assertThat(problems).as(String.join("\n", problems)).isEmpty();
        // the tags are described, in the order Swagger UI lists them
        List<String> declared = new ArrayList<>();
        document.get("tags").forEach(t -> {
            declared.add(t.get("name").asString());
            assertThat(t.path("description").asString("")).as(t.toString()).isNotBlank();
        });
        assertThat(declared).containsExactlyInAnyOrderElementsOf(RESOURCES);
    }

    @Test
    void everyOperationDocumentsItsErrorsAsProblemDetailsWithExamples() throws Exception {
        JsonNode document = document();
        JsonNode problem = document.at("/components/schemas/Problem");
        assertThat(names(problem.get("properties"))).contains("type", "title", "status", "detail", "field", "code");
        List<String> problems = new ArrayList<>();
        operations(document).forEach((name, op) -> {
            List<String> expected = new ArrayList<>(List.of("401", "403", "429"));
            if (name.contains("{")) {
                expected.add("404");
            }
            if (op.has("requestBody") || op.has("parameters")) {
                expected.add("400");
            }
            for (String status : expected) {
                JsonNode content = op.at("/responses/" + status + "/content/application~1problem+json");
                if (content.isMissingNode()) {
                    problems.add(name + ": no application/problem+json answer " + status);
                    continue;
                }
                if (!content.at("/schema/$ref").asString("").equals("#/components/schemas/Problem")) {
                    problems.add(name + " " + status + ": schema " + content.get("schema"));
                }
                JsonNode example = content.path("examples").properties().stream()
                        .findFirst()
                        .map(e -> e.getValue().get("value"))
                        .orElse(content.path("example"));
                if (example.path("status").asInt() != Integer.parseInt(status)
                        || example.path("title").asString("").isBlank()
                        || example.path("detail").asString("").isBlank()
                        || example.path("type").asString("").isBlank()) {
                    problems.add(name + " " + status + ": example " + example);
                }
            }
        });
        assertThat(problems).as(String.join("\n", problems)).isEmpty();
        // a refused input names its field and its message key
        JsonNode invalid = operations(document)
                .get("POST /api/v1/domains")
                .at("/responses/400/content/application~1problem+json/examples");
        assertThat(invalid.toString())
                .contains("urn:mailward:problem:invalid-input")
                .contains("\"field\"");
    }

    @Test
    void theDocumentIsReadableWithAnApiTokenAsCodeGeneratorsFetchIt() throws Exception {
        UserView owner = support.user("openapi-token", Role.AUDITOR);
        String secret = support.apiToken(owner, Role.AUDITOR);
        mvc.perform(get("/v3/api-docs").header("Authorization", "Bearer " + secret))
                .andExpect(status().isOk())
                .andExpect(header().string("Content-Type", containsString("application/json")))
                .andExpect(jsonPath("$.info.title").value("Mailward API"))
                .andExpect(jsonPath("$.paths['/api/v1/domains'].get").exists());
        mvc.perform(get("/v3/api-docs.yaml").header("Authorization", "Bearer " + secret))
                .andExpect(status().isOk())
                .andExpect(content().string(containsString("title: Mailward API")));
        // a refused token is told so, as on the API, not sent to the login page
        mvc.perform(get("/v3/api-docs").header("Authorization", "Bearer mw_aaaaaaaaaa_nope"))
                .andExpect(status().isUnauthorized())
                .andExpect(header().string("Content-Type", containsString("application/problem+json")));
        // HTTP Basic, the API's other credential, too
        mvc.perform(get("/v3/api-docs").with(httpBasic(owner.username(), AccountsTestSupport.PASSWORD)))
                .andExpect(status().isOk());
        // no credential at all: a browser goes to sign in
        mvc.perform(get("/v3/api-docs")).andExpect(redirectedUrl("/login"));
    }

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
        // the same policy but for the hash of the one <style> Swagger UI's bundle inserts
        assertThat(SecurityConfiguration.SWAGGER_UI_CONTENT_SECURITY_POLICY)
                .doesNotContain("unsafe")
                .contains("style-src 'self' 'sha256-");
        assertThat(SecurityConfiguration.SWAGGER_UI_CONTENT_SECURITY_POLICY.replaceFirst(
                        " 'sha256-[A-Za-z0-9+/=]+'", ""))
                .isEqualTo(SecurityConfiguration.CONTENT_SECURITY_POLICY);
        UserView user = support.user("swagger", Role.AUDITOR);
        mvc.perform(get("/swagger-ui/index.html").with(user(support.principal(user.username()))))
                .andExpect(status().isOk())
                .andExpect(header().string(
                                "Content-Security-Policy", SecurityConfiguration.SWAGGER_UI_CONTENT_SECURITY_POLICY))
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

    private static List<String> names(JsonNode object) {
        return List.copyOf(object.propertyNames());
    }
}
