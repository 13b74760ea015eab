package dev.mailward.shared.web;

import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.springframework.boot.servlet.autoconfigure.MultipartProperties;
import org.springframework.boot.webmvc.error.ErrorAttributes;
import org.springframework.boot.webmvc.error.ErrorController;
import org.springframework.context.MessageSource;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.context.request.ServletWebRequest;
import org.springframework.web.multipart.MaxUploadSizeExceededException;
import org.springframework.web.multipart.MultipartException;
import org.springframework.web.servlet.ModelAndView;
import org.springframework.web.servlet.support.RequestContextUtils;
import tools.jackson.databind.json.JsonMapper;

/**
 * What the container shows for an error no controller answered: an unknown route, a method,
 * media type or body the route does not take, an oversize upload, a request parameter refused by
 * {@link RequestParameterFilter}, an unexpected failure. Under {@code /api/**} the answer is RFC 9457
 * problem details of the API's one shape (whatever the request's {@code Accept}); elsewhere the
 * console's error page, saying in words what was wrong. Replaces Spring Boot's default error
 * controller, whose JSON was of another shape and whose 406 had no body.
 */
@Controller
@RequestMapping("${server.error.path:/error}")
class ErrorResponses implements ErrorController {

    /** Request attributes a filter sets before {@code sendError} to say what was refused. */
    static final String DETAIL = ErrorResponses.class.getName() + ".detail";

    static final String FIELD = ErrorResponses.class.getName() + ".field";
    static final String CODE = ErrorResponses.class.getName() + ".code";
    static final String ARGUMENTS = ErrorResponses.class.getName() + ".arguments";
    /** Set to {@code true} by the database module while its embedded server is being restarted. */
    static final String DATABASE_RESTARTING = "mailwardDatabaseRestarting";

    private final ErrorAttributes errors;
    private final MessageSource messages;
    private final JsonMapper json;
    private final MultipartProperties multipart;

    ErrorResponses(ErrorAttributes errors, MessageSource messages, JsonMapper json, MultipartProperties multipart) {
        this.errors = errors;
        this.messages = messages;
        this.json = json;
        this.multipart = multipart;
    }

    /**
     * Problem details under {@code /api/**} (written here; no view), the error page elsewhere. The
     * error dispatch keeps the failed request's method, hence every method a route may have.
     */
    @RequestMapping(
            method = {
                RequestMethod.GET,
                RequestMethod.POST,
                RequestMethod.PUT,
                RequestMethod.PATCH,
                RequestMethod.DELETE
            })
    ModelAndView error(HttpServletRequest request, HttpServletResponse response) throws IOException {
        HttpStatus status = status(request);
        String path = originalPath(request);
        Problem problem = problem(request, response, status);
        response.setStatus(status.value());
        if (path.startsWith("/api/")) {
            writeProblem(response, status, path, problem);
            return null;
        }
        Locale locale = RequestContextUtils.getLocale(request);
        ModelAndView page = new ModelAndView("error", status);
        page.addObject("status", status.value());
        page.addObject("detail", messages.getMessage(problem.code(), problem.arguments(), problem.detail(), locale));
        return page;
    }

    /** What went wrong, in English for the API and as a message key for pages. */
    private record Problem(String detail, String code, Object[] arguments, String field) {}

    private Problem problem(HttpServletRequest request, HttpServletResponse response, HttpStatus status) {
        if (request.getAttribute(DETAIL) instanceof String detail) {
            Object[] args = request.getAttribute(ARGUMENTS) instanceof Object[] a ? a : new Object[0];
            return new Problem(detail, (String) request.getAttribute(CODE), args, (String) request.getAttribute(FIELD));
        }
        Throwable error = errors.getError(new ServletWebRequest(request));
        String method = request.getMethod();
        return switch (status) {
            case NOT_FOUND -> new Problem("There is nothing at this address", "error.404", new Object[0], null);
            case METHOD_NOT_ALLOWED -> {
                String allow = response.getHeader("Allow");
                yield new Problem(
                        "Method " + method + " is not allowed here"
                                + (allow == null || allow.isBlank() ? "" : "; allowed: " + allow),
                        "error.405",
                        new Object[] {method, allow == null ? "" : allow},
                        null);
            }
            case NOT_ACCEPTABLE ->
                new Problem(
                        "This resource answers only in the media types it lists; accept" + " application/json",
                        "error.406",
                        new Object[0],
                        null);
            case UNSUPPORTED_MEDIA_TYPE ->
                new Problem(
                        "The body's content type is not accepted here; send"
                                + " application/json (or what the route documents)",
                        "error.415",
                        new Object[0],
                        "Content-Type");
            case CONTENT_TOO_LARGE -> tooLarge(error);
            case URI_TOO_LONG ->
                new Problem("The address and its query are too long", "error.414", new Object[0], null);
            case REQUEST_HEADER_FIELDS_TOO_LARGE ->
                new Problem("The request's headers are too large", "error.431", new Object[0], null);
            case BAD_REQUEST ->
                error instanceof MultipartException
                        ? new Problem(
                                "The upload is not a readable multipart form",
                                "error.400.multipart",
                                new Object[0],
                                null)
                        : new Problem("The request is malformed", "error.400", new Object[0], null);
            case UNAUTHORIZED -> new Problem("Authentication required", "error.401", new Object[0], null);
            case FORBIDDEN -> new Problem("Your role does not allow this", "error.403", new Object[0], null);
            // the database module's DatabaseUnavailableFilter marks an embedded server being restarted
            case SERVICE_UNAVAILABLE ->
                Boolean.TRUE.equals(request.getAttribute(DATABASE_RESTARTING))
                        ? new Problem(
                                "The database is unavailable; Mailward is restarting it. Try again in a minute.",
                                "error.503.restarting",
                                new Object[0],
                                null)
                        : new Problem(
                                "The service is unavailable (its database does not answer). Try again in a minute.",
                                "error.503",
                                new Object[0],
                                null);
            default ->
                status.is4xxClientError()
                        ? new Problem(status.getReasonPhrase(), "error.4xx", new Object[0], null)
                        : new Problem(
                                "Something went wrong on the server; the error was logged",
                                "error.title",
                                new Object[0],
                                null);
        };
    }

    private Problem tooLarge(Throwable error) {
        long file = multipart.getMaxFileSize().toBytes();
        long request = multipart.getMaxRequestSize().toBytes();
        String mib = mib(Math.min(file, request));
        if (error instanceof MaxUploadSizeExceededException) {
            return new Problem(
                    "The upload is too large: at most " + mib(file) + " per file and " + mib(request)
                            + " in all are accepted",
                    "error.413.upload",
                    new Object[] {mib(file), mib(request)},
                    null);
        }
        return new Problem("The request is too large (at most " + mib + ")", "error.413", new Object[] {mib}, null);
    }

    private static String mib(long bytes) {
        return bytes % (1024 * 1024) == 0 ? bytes / (1024 * 1024) + " MB" : bytes / 1024 + " KB";
    }

    private void writeProblem(HttpServletResponse response, HttpStatus status, String path, Problem problem)
            throws IOException {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put(
                "type",
                problem.field() != null && status == HttpStatus.BAD_REQUEST
                        ? "urn:mailward:problem:invalid-input"
                        : "about:blank");
        body.put(
                "title",
                problem.field() != null && status == HttpStatus.BAD_REQUEST
                        ? "Invalid " + problem.field()
                        : status.getReasonPhrase());
        body.put("status", status.value());
        body.put("detail", problem.detail());
        body.put("instance", path);
        if (problem.field() != null) {
            body.put("field", problem.field());
        }
        if (problem.code() != null && problem.field() != null) {
            body.put("code", problem.code());
        }
        if (response.isCommitted()) {
            return;
        }
        response.resetBuffer();
        response.setContentType("application/problem+json");
        response.setCharacterEncoding(StandardCharsets.UTF_8.name());
        response.getOutputStream().write(json.writeValueAsBytes(body));
    }

    private static HttpStatus status(HttpServletRequest request) {
        if (request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE) instanceof Integer code) {
            HttpStatus s = HttpStatus.resolve(code);
            if (s != null && s.isError()) {
                return s;
            }
            return HttpStatus.INTERNAL_SERVER_ERROR;
        }
        // /error asked for directly: there is nothing to show
        return HttpStatus.NOT_FOUND;
    }

    /** The path of the request that failed, without the context path. */
    private static String originalPath(HttpServletRequest request) {
        Object uri = request.getAttribute(RequestDispatcher.ERROR_REQUEST_URI);
        String path = uri instanceof String s ? s : request.getRequestURI();
        String context = request.getContextPath();
        return path != null && !context.isEmpty() && path.startsWith(context)
                ? path.substring(context.length())
                : path == null ? "" : path;
    }
}
