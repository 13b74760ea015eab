package dev.mailward.results.api;

import dev.mailward.results.ResultValidationException;
import dev.mailward.shared.ApiProblems;
import org.springframework.http.ProblemDetail;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/**
 * RFC 9457 problem details for the results API: a refused field is named in {@code field}.
 * Permission and unreadable requests: {@code accounts.api.ApiRequestProblems}, unknown ids and
 * other teams' domains and exceptions (404 alike): {@code accounts.web.NotFoundAdvice}.
 */
@RestControllerAdvice(basePackageClasses = ResultsApiAdvice.class)
class ResultsApiAdvice {

    @ExceptionHandler(ResultValidationException.class)
    ProblemDetail invalid(ResultValidationException e) {
        return ApiProblems.invalid(e.field(), e.messageKey(), e.getMessage());
    }
}
