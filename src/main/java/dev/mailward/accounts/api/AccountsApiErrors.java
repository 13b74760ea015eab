package dev.mailward.accounts.api;

import dev.mailward.accounts.AccountChangeRejected;
import java.util.Map;
import org.springframework.context.MessageSource;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/** Errors of the accounts API as RFC 9457 problem details; unknown ids: {@code shared.web.NotFoundAdvice}. */
@RestControllerAdvice(basePackageClasses = AccountsApiErrors.class)
class AccountsApiErrors {

    private final MessageSource messages;

    AccountsApiErrors(MessageSource messages) {
        this.messages = messages;
    }

    @ExceptionHandler(AccountChangeRejected.class)
    ProblemDetail rejected(AccountChangeRejected e) {
        ProblemDetail p = ProblemDetail.forStatusAndDetail(
                HttpStatus.UNPROCESSABLE_CONTENT,
                messages.getMessage(e.messageKey(), e.arguments(), e.getMessage(), java.util.Locale.ROOT));
        p.setTitle("Change refused");
        p.setProperties(Map.of("field", e.field(), "code", e.messageKey()));
        return p;
    }
}
