package dev.mailward.shared;

import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The OpenAPI document of {@code /api/v1/**} (springdoc, served at {@code /v3/api-docs} to signed-in
 * users, with Swagger UI behind {@code /api/docs}). Declares the two ways the API authenticates:
 * a personal API token as {@code Authorization: Bearer} (preferred) and HTTP Basic.
 */
@Configuration(proxyBeanMethods = false)
class ApiDocsConfiguration {

    static final String BEARER = "apiToken";
    static final String BASIC = "basic";

    @Bean
    OpenAPI mailwardOpenApi() {
        return new OpenAPI()
                .info(new Info()
                        .title("Mailward API")
                        .version("v1")
                        .description("Domains, mail servers, users and teams of a Mailward console. Every call is "
                                + "scoped like the console: a token acts with its role and its owner's teams. "
                                + "Create tokens on your account page (/account/tokens). Errors are RFC 9457 "
                                + "problem details; 429 answers carry Retry-After."))
                .components(new Components()
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
}
