package dev.mailward.notifications.api;

import dev.mailward.notifications.ChannelValidationException;
import dev.mailward.shared.ApiProblems;
import org.springframework.http.ProblemDetail;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/** RFC 9457 problem details of the notifications API: a refused field is named in {@code field}. */
@RestControllerAdvice(basePackageClasses = NotificationsApiAdvice.class)
class NotificationsApiAdvice {

    @ExceptionHandler(ChannelValidationException.class)
    ProblemDetail invalid(ChannelValidationException e) {
        return ApiProblems.invalid(e.field(), e.messageKey(), e.getMessage());
    }
}
