package dev.mailward.inventory.api;

import dev.mailward.inventory.InventoryValidationException;
import dev.mailward.shared.ApiProblems;
import org.springframework.http.ProblemDetail;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/**
 * RFC 9457 problem details for the inventory API; a refused field is named in {@code field}.
 * Permission and unreadable requests: {@code shared.api.ApiRequestProblems}, unknown ids:
 * {@code shared.web.NotFoundAdvice}, alike for every API.
 */
@RestControllerAdvice(basePackageClasses = InventoryApiAdvice.class)
class InventoryApiAdvice {

    @ExceptionHandler(InventoryValidationException.class)
    ProblemDetail invalid(InventoryValidationException e) {
        return ApiProblems.invalid(e.field(), e.messageKey(), e.getMessage());
    }
}
