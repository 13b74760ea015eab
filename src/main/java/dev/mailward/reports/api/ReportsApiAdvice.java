package dev.mailward.reports.api;

import dev.mailward.reports.ReportFileMissingException;
import dev.mailward.reports.ReportNotFoundException;
import dev.mailward.reports.ReportValidationException;
import java.net.URI;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;

/** RFC 9457 problem details for the reports API; a refused field is named in {@code field}. */
@RestControllerAdvice(basePackageClasses = ReportsApiAdvice.class)
class ReportsApiAdvice {

    @ExceptionHandler(ReportValidationException.class)
    ProblemDetail invalid(ReportValidationException e) {
        ProblemDetail p = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, e.getMessage());
        p.setTitle("Invalid " + e.field());
        p.setType(URI.create("urn:mailward:problem:invalid-input"));
        p.setProperty("field", e.field());
        p.setProperty("code", e.messageKey());
        return p;
    }

    @ExceptionHandler(ReportNotFoundException.class)
    ProblemDetail notFound(ReportNotFoundException e) {
        ProblemDetail p = ProblemDetail.forStatusAndDetail(HttpStatus.NOT_FOUND, e.getMessage());
        p.setTitle("Not found");
        return p;
    }

    @ExceptionHandler(ReportFileMissingException.class)
    ProblemDetail gone(ReportFileMissingException e) {
        ProblemDetail p = ProblemDetail.forStatusAndDetail(HttpStatus.GONE, e.getMessage());
        p.setTitle("Report file gone");
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
                "The request is not of the expected shape (JSON body, numeric ids and pages)");
        p.setTitle("Unreadable request");
        return p;
    }
}
