package dev.mailward.shared;

import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;

/**
 * The RFC 9457 problem details of the {@code /api/v1} endpoints, in one shape for every module:
 * a refused input names its field in {@code field} and its message key in {@code code}, with
 * type {@value #INVALID_INPUT}; a missing or foreign resource is "Not found" alike. Each module's
 * advice maps its own exceptions with these; what every endpoint shares (no permission, a body or
 * parameter that does not parse) is answered by one advice in {@code shared.api}.
 */
public final class ApiProblems {

    /** The type of a refused input. */
    public static final String INVALID_INPUT = "urn:mailward:problem:invalid-input";

    private ApiProblems() {}

    /** 400: {@code field} was refused; {@code code} is the message key a client can switch on. */
    public static ProblemDetail invalid(String field, String code, String detail) {
        ProblemDetail p = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, detail);
        p.setTitle("Invalid " + field);
        p.setType(URI.create(INVALID_INPUT));
        p.setProperty("field", field);
        p.setProperty("code", code);
        return p;
    }

    /** 404: unknown ids and other teams' resources alike. */
    public static ProblemDetail notFound(String detail) {
        ProblemDetail p = ProblemDetail.forStatusAndDetail(HttpStatus.NOT_FOUND, detail);
        p.setTitle("Not found");
        return p;
    }

    /** 403: the caller's role does not allow the action (the same words as the API's filter chain). */
    public static ProblemDetail forbidden() {
        ProblemDetail p = ProblemDetail.forStatusAndDetail(HttpStatus.FORBIDDEN, "Your role does not allow this");
        p.setTitle("Forbidden");
        return p;
    }

    /**
     * Writes a problem ({@code type about:blank}, the status's reason as title) where no controller
     * answers: the filter chains' entry points and filters.
     */
    public static void write(HttpServletResponse response, HttpStatus status, String detail) throws IOException {
        response.setStatus(status.value());
        response.setContentType("application/problem+json");
        response.setCharacterEncoding(StandardCharsets.UTF_8.name());
        response.getWriter()
                .write("{\"type\":\"about:blank\",\"title\":\"" + status.getReasonPhrase()
                        + "\",\"status\":" + status.value() + ",\"detail\":\""
                        + detail.replace("\\", "\\\\").replace("\"", "\\\"")
                        + "\"}");
    }
}
