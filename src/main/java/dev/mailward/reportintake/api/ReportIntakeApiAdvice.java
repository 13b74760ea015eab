package dev.mailward.reportintake.api;

import dev.mailward.reportintake.IntakeRefusedException;
import dev.mailward.shared.ApiProblems;
import org.springframework.http.ProblemDetail;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/** RFC 9457 problem details of the report intake's API: the refused field is named in {@code field}. */
@RestControllerAdvice(basePackageClasses = ReportIntakeApiAdvice.class)
class ReportIntakeApiAdvice {

    @ExceptionHandler(IntakeRefusedException.class)
    ProblemDetail refused(IntakeRefusedException e) {
        return ApiProblems.invalid(e.field(), e.messageKey(), e.getMessage());
    }
}
