package dev.mailward.shared;

import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.examples.Example;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.IntegerSchema;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.ObjectSchema;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.media.StringSchema;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.responses.ApiResponses;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import io.swagger.v3.oas.models.tags.Tag;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The OpenAPI document of {@code /api/v1/**} (springdoc, served at {@code /v3/api-docs} to signed-in users and
 * to API tokens, with Swagger UI behind {@code /api/docs}). Declares the two ways the API authenticates: a
 * personal API token as {@code Authorization: Bearer} (preferred) and HTTP Basic. Its operations are grouped by
 * resource ({@link #RESOURCES}, each controller names its own with {@code @Tag}), and every operation lists the
 * RFC 9457 problem details it may answer, with examples ({@link #problemResponses()}).
 */
@Configuration(proxyBeanMethods = false)
class ApiDocsConfiguration {

    static final String BEARER = "apiToken";
    static final String BASIC = "basic";
    static final String PROBLEM = "Problem";
    static final String PROBLEM_JSON = "application/problem+json";

    /** The resource tags, in the order Swagger UI lists them, with what each is. */
    static final Map<String, String> RESOURCES = resources();

    private static Map<String, String> resources() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("Domains", "The domain inventory: add, import, change, remove and rediscover domains.");
        m.put("Mail servers", "The mail servers discovery found (MX, SRV) and the endpoints operators added.");
        m.put("Tags", "The tags in use on the domains you can see.");
        m.put("Scans", "Scans now (one domain, a selection, a tag, a team, everything): start, follow, cancel.");
        m.put("Results", "The current check results, and re-judging stored observations under the current rules.");
        m.put("Changes", "Confirmed changes of results (got worse, got better).");
        m.put("Exceptions", "Accepted findings (risk acceptances) with their expiry.");
        m.put("Notification channels", "Where alerts go per team (e-mail, webhooks) and what was delivered.");
        m.put("Mitigations", "The mitigations, their weights, and each domain's status and score.");
        m.put("Reports", "Audit reports (PDF, CSV, JSON): generate and download archived ones.");
        m.put("Users", "User accounts (administrators only).");
        m.put("Teams", "Teams, which scope what users and tokens see.");
        m.put("Server configurations", "Mail server configurations pushed for auditing (Postfix, Dovecot, Rspamd).");
        m.put("Report intake", "DMARC aggregate and SMTP TLS reports received about your domains, and what they say.");
        return Collections.unmodifiableMap(m);
    }

    @Bean
    OpenAPI mailwardOpenApi() {
        return new OpenAPI()
                .info(new Info()
                        .title("Mailward API")
                        .version("v1")
                        .description("Domains, mail servers, users and teams of a Mailward console. Every call is "
                                + "scoped like the console: a token acts with its role and its owner's teams. "
                                + "Create tokens on your account page (/account/tokens); this document is readable "
                                + "with one too (`Authorization: Bearer mw_...`), for code generators. Errors are "
                                + "RFC 9457 problem details (`application/problem+json`, schema `Problem`); 429 "
                                + "answers carry Retry-After."))
                .tags(RESOURCES.entrySet().stream()
                        .map(e -> new Tag().name(e.getKey()).description(e.getValue()))
                        .toList())
                .components(new Components()
                        .addSchemas(PROBLEM, problemSchema())
                        .addSecuritySchemes(
                                BEARER,
                                new SecurityScheme()
                                        .type(SecurityScheme.Type.HTTP)
                                        .scheme("bearer")
                                        .bearerFormat("mw_<prefix>_<secret>")
                                        .description("Personal API token from /account/tokens"))
                        .addSecuritySchemes(
                                BASIC,
                                new SecurityScheme()
                                        .type(SecurityScheme.Type.HTTP)
                                        .scheme("basic")
                                        .description("User name and password (subject to the login throttle)")))
                .addSecurityItem(new SecurityRequirement().addList(BEARER))
                .addSecurityItem(new SecurityRequirement().addList(BASIC));
    }

    /**
     * Every operation answers 401, 403 and 429 as problem details; one with parameters or a body also 400 (a
     * refused input names its {@code field} and message key {@code code}), one on a resource by id also 404.
     * These replace the generic answers springdoc derives from the exception handlers.
     */
    @Bean
    OpenApiCustomizer problemResponses() {
        return openApi -> {
            openApi.getComponents().addSchemas(PROBLEM, problemSchema());
            openApi.getPaths()
                    .forEach((path, item) -> item.readOperations().forEach(op -> {
                        ApiResponses responses = op.getResponses() == null ? new ApiResponses() : op.getResponses();
                        if (hasInput(op)) {
                            responses.addApiResponse("400", invalidInput());
                        }
                        responses.addApiResponse(
                                "401",
                                problem(
                                        "Not signed in, or the token is unknown, expired or revoked",
                                        example("about:blank", "Unauthorized", 401, "Authentication required")));
                        responses.addApiResponse(
                                "403",
                                problem(
                                        "The caller's role does not allow this",
                                        example("about:blank", "Forbidden", 403, "Your role does not allow this")));
                        if (path.contains("{")) {
                            responses.addApiResponse(
                                    "404",
                                    problem(
                                            "No such resource, or one of a team the caller is not in (alike)",
                                            example("about:blank", "Not found", 404, "domain 4711 not found")));
                        }
                        responses.addApiResponse(
                                "429",
                                problem(
                                        "The token's rate limit was exceeded; retry after the seconds of Retry-After",
                                        example(
                                                "about:blank",
                                                "Too Many Requests",
                                                429,
                                                "Rate limit of this API token exceeded; retry after 2 s")));
                        op.setResponses(responses);
                    }));
        };
    }

    private static boolean hasInput(Operation op) {
        return op.getRequestBody() != null
                || (op.getParameters() != null && !op.getParameters().isEmpty());
    }

    private static ApiResponse invalidInput() {
        Map<String, Object> value = example(ApiProblems.INVALID_INPUT, "Invalid name", 400, "name is required");
        value.put("field", "name");
        value.put("code", "inventory.api.required");
        return problem(
                "The request was refused: a field that is missing or not valid, a body or parameter that does not "
                        + "parse",
                value);
    }

    private static Map<String, Object> example(String type, String title, int status, String detail) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("type", type);
        m.put("title", title);
        m.put("status", status);
        m.put("detail", detail);
        return m;
    }

    private static ApiResponse problem(String description, Map<String, Object> example) {
        return new ApiResponse()
                .description(description)
                .content(new Content()
                        .addMediaType(
                                PROBLEM_JSON,
                                new MediaType()
                                        .schema(new Schema<>().$ref("#/components/schemas/" + PROBLEM))
                                        .addExamples(
                                                "problem",
                                                new Example()
                                                        .summary(description)
                                                        .value(example))));
    }

    private static Schema<?> problemSchema() {
        return new ObjectSchema()
                .description("RFC 9457 problem details, the shape of every error of the API")
                .addProperty(
                        "type",
                        new StringSchema()
                                .description("URI of the problem type: about:blank, or " + ApiProblems.INVALID_INPUT
                                        + " for a refused input")
                                .example(ApiProblems.INVALID_INPUT))
                .addProperty("title", new StringSchema().description("Short summary of the problem type"))
                .addProperty("status", new IntegerSchema().description("The HTTP status code"))
                .addProperty("detail", new StringSchema().description("What went wrong with this request"))
                .addProperty("instance", new StringSchema().description("The request path"))
                .addProperty(
                        "field",
                        new StringSchema().description("For a refused input: the field (or parameter) refused"))
                .addProperty(
                        "code",
                        new StringSchema()
                                .description("For a refused input: a stable message key a client can switch on"));
    }
}
