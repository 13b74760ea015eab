package dev.mailward.shared.api;

import dev.mailward.shared.ApiProblems;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.UUID;
import java.util.stream.Collectors;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import tools.jackson.core.JacksonException;
import tools.jackson.core.exc.StreamReadException;

/**
 * What every {@code /api/v1} endpoint answers alike, whichever module it belongs to: a role that
 * does not allow the action (403), a body that is not JSON of the expected shape and a path or
 * query parameter that does not parse (400, naming the field). Ordered last, so a module's own
 * advice for its own exceptions is asked first.
 */
@RestControllerAdvice(annotations = RestController.class)
@Order(Ordered.LOWEST_PRECEDENCE)
class ApiRequestProblems {

    /** At most this many JSON path elements are named in {@code field}. */
    private static final int MAX_PATH = 8;
    /** Longest JSON name quoted back; longer ones are cut. */
    private static final int MAX_NAME = 64;

    @ExceptionHandler(AccessDeniedException.class)
    ProblemDetail denied(AccessDeniedException e) {
        return ApiProblems.forbidden();
    }

    @ExceptionHandler(HttpMessageNotReadableException.class)
    ProblemDetail unreadable(HttpMessageNotReadableException e) {
        String field = "body";
        String detail = "The request body is not valid JSON of the expected shape";
        if (e.getCause() instanceof StreamReadException d
                && d.getMessage() != null
                && d.getMessage().startsWith("Duplicate ")) {
            detail = "The request body names a field twice (duplicate key); send each field once";
        } else if (e.getCause() instanceof JacksonException d && !d.getPath().isEmpty()) {
            String path = d.getPath().stream()
                    .limit(MAX_PATH)
                    .map(r -> r.getPropertyName() != null ? clip(r.getPropertyName()) : String.valueOf(r.getIndex()))
                    .collect(Collectors.joining("."));
            field = "body." + path;
            detail = "The request body's field '" + path + "' has the wrong type or format";
        }
        return unreadable(field, detail);
    }

    @ExceptionHandler(MethodArgumentTypeMismatchException.class)
    ProblemDetail mismatch(MethodArgumentTypeMismatchException e) {
        return unreadable(e.getName(), "Parameter '" + e.getName() + "' must be " + expected(e.getRequiredType()));
    }

    /** 400 for a request that does not parse, naming the field. */
    private static ProblemDetail unreadable(String field, String detail) {
        ProblemDetail p = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, detail);
        p.setTitle("Unreadable request");
        p.setProperty("field", field);
        return p;
    }

    /** A JSON name from the request, cut to a length a message can carry. */
    private static String clip(String name) {
        return name.length() <= MAX_NAME ? name : name.substring(0, MAX_NAME) + "…";
    }

    /** What a parameter of this type looks like, in words. */
    static String expected(Class<?> type) {
        if (type == null) {
            return "of another form";
        }
        if (Number.class.isAssignableFrom(type) || type == int.class || type == long.class || type == short.class) {
            return "a whole number";
        }
        if (type == LocalDate.class) {
            return "a date (YYYY-MM-DD)";
        }
        if (type == Instant.class) {
            return "a time in ISO 8601 (e.g. 2026-12-02T08:00:00Z)";
        }
        if (type == UUID.class) {
            return "a UUID";
        }
        if (type == boolean.class || type == Boolean.class) {
            return "true or false";
        }
        if (type.isEnum()) {
            return "one of "
                    + Arrays.stream(type.getEnumConstants())
                            .map(c -> ((Enum<?>) c).name())
                            .collect(Collectors.joining(", "));
        }
        return "a valid " + type.getSimpleName();
    }
}
