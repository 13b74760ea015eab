package dev.mailward.inventory.api;

import dev.mailward.inventory.InventoryNotFoundException;
import dev.mailward.inventory.InventoryValidationException;
import java.net.URI;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/** RFC 9457 problem details for the inventory API; a refused field is named in {@code field}. */
@RestControllerAdvice(basePackageClasses = InventoryApiAdvice.class)
class InventoryApiAdvice {

    @ExceptionHandler(InventoryValidationException.class)
    ProblemDetail invalid(InventoryValidationException e) {
        ProblemDetail p = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, e.getMessage());
        p.setTitle("Invalid " + e.field());
        p.setType(URI.create("urn:mailward:problem:invalid-input"));
        p.setProperty("field", e.field());
        p.setProperty("code", e.messageKey());
        return p;
    }

    @ExceptionHandler(InventoryNotFoundException.class)
    ProblemDetail notFound(InventoryNotFoundException e) {
        ProblemDetail p = ProblemDetail.forStatusAndDetail(HttpStatus.NOT_FOUND, e.getMessage());
        p.setTitle("Not found");
        return p;
    }

    @ExceptionHandler(AccessDeniedException.class)
    ProblemDetail denied(AccessDeniedException e) {
        ProblemDetail p = ProblemDetail.forStatusAndDetail(HttpStatus.FORBIDDEN, "Your role does not allow this");
        p.setTitle("Forbidden");
        return p;
    }

    @ExceptionHandler(HttpMessageNotReadableException.class)
    ProblemDetail unreadable(HttpMessageNotReadableException e) {
        ProblemDetail p = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST,
                "The request body is not valid JSON of the expected shape");
        p.setTitle("Unreadable body");
        p.setProperty("field", "body");
        return p;
    }
}
