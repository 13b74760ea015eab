package dev.mailward.scanning.api;

import dev.mailward.scanning.ScanValidationException;
import dev.mailward.shared.ApiProblems;
import org.springframework.http.ProblemDetail;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/**
 * RFC 9457 problem details for the scanning API: a refused field is named in {@code field}.
 * Permission and unreadable requests: {@code shared.api.ApiRequestProblems}, unknown ids and
 * other teams' scans and domains (404 alike): {@code shared.web.NotFoundAdvice}.
 */
@RestControllerAdvice(basePackageClasses = ScanningApiAdvice.class)
class ScanningApiAdvice {

    @ExceptionHandler(ScanValidationException.class)
    ProblemDetail invalid(ScanValidationException e) {
        return ApiProblems.invalid(e.field(), e.messageKey(), e.getMessage());
    }
}
