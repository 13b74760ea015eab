package dev.mailward.scanning.api;

import dev.mailward.inventory.InventoryNotFoundException;
import dev.mailward.scanning.ScanNotFoundException;
import dev.mailward.scanning.ScanValidationException;
import java.net.URI;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;

/**
 * RFC 9457 problem details for the scanning API: a refused field is named in {@code field};
 * unknown ids and other teams' scans, domains and exceptions are 404 alike.
 */
@RestControllerAdvice(basePackageClasses = ScanningApiAdvice.class)
class ScanningApiAdvice {

    @ExceptionHandler(ScanValidationException.class)
    ProblemDetail invalid(ScanValidationException e) {
        ProblemDetail p = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, e.getMessage());
        p.setTitle("Invalid " + e.field());
        p.setType(URI.create("urn:mailward:problem:invalid-input"));
        p.setProperty("field", e.field());
        p.setProperty("code", e.messageKey());
        return p;
    }

    @ExceptionHandler({ScanNotFoundException.class, InventoryNotFoundException.class})
    ProblemDetail notFound(RuntimeException e) {
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

    @ExceptionHandler({HttpMessageNotReadableException.class, MethodArgumentTypeMismatchException.class})
    ProblemDetail unreadable(Exception e) {
        ProblemDetail p = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST,
                "The request is not of the expected shape (JSON body, numeric ids and pages, ISO dates)");
        p.setTitle("Unreadable request");
        p.setProperty("field", "body");
        return p;
    }
}
