package dev.mailward.reports.api;

import dev.mailward.reports.ReportFileMissingException;
import dev.mailward.reports.ReportValidationException;
import dev.mailward.shared.ApiProblems;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/**
 * RFC 9457 problem details for the reports API; a refused field is named in {@code field}.
 * Permission and unreadable requests: {@code shared.api.ApiRequestProblems}, unknown ids:
 * {@code shared.web.NotFoundAdvice}, alike for every API.
 */
@RestControllerAdvice(basePackageClasses = ReportsApiAdvice.class)
class ReportsApiAdvice {

    @ExceptionHandler(ReportValidationException.class)
    ProblemDetail invalid(ReportValidationException e) {
        return ApiProblems.invalid(e.field(), e.messageKey(), e.getMessage());
    }

    @ExceptionHandler(ReportFileMissingException.class)
    ProblemDetail gone(ReportFileMissingException e) {
        ProblemDetail p = ProblemDetail.forStatusAndDetail(HttpStatus.GONE, e.getMessage());
        p.setTitle("Report file gone");
        return p;
    }
}
