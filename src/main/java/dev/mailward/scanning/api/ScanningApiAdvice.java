package dev.mailward.scanning.api;

import dev.mailward.accounts.ApiProblems;
import dev.mailward.inventory.InventoryNotFoundException;
import dev.mailward.scanning.ScanNotFoundException;
import dev.mailward.scanning.ScanValidationException;
import org.springframework.http.ProblemDetail;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/**
 * RFC 9457 problem details for the scanning API: a refused field is named in {@code field};
 * unknown ids and other teams' scans, domains and exceptions are 404 alike. Permission and
 * unreadable requests: {@code accounts.api.ApiRequestProblems}, alike for every API.
 */
@RestControllerAdvice(basePackageClasses = ScanningApiAdvice.class)
class ScanningApiAdvice {

    @ExceptionHandler(ScanValidationException.class)
    ProblemDetail invalid(ScanValidationException e) {
        return ApiProblems.invalid(e.field(), e.messageKey(), e.getMessage());
    }

    @ExceptionHandler({ScanNotFoundException.class, InventoryNotFoundException.class})
    ProblemDetail notFound(RuntimeException e) {
        return ApiProblems.notFound(e.getMessage());
    }
}
