package dev.mailward.shared.web;

import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;

/**
 * The API documentation page: Swagger UI (springdoc's webjar, only same-origin scripts, so the
 * console's content security policy holds unchanged) reading {@code /v3/api-docs}.
 */
@Controller
class ApiDocsController {

    static final String SWAGGER_UI = "/swagger-ui/index.html";

    @GetMapping("/api/docs")
    String docs() {
        return "redirect:" + SWAGGER_UI;
    }
}
