package dev.mailward.configaudit.api;

import dev.mailward.configaudit.ConfigRefusedException;
import java.net.URI;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/**
 * RFC 9457 problem details for the configuration API; a refused file is named in {@code file}.
 * Permission and unreadable requests: {@code shared.api.ApiRequestProblems}, unknown ids:
 * {@code shared.web.NotFoundAdvice}, alike for every API.
 */
@RestControllerAdvice(basePackageClasses = ServerConfigApiAdvice.class)
class ServerConfigApiAdvice {

    @ExceptionHandler(ConfigRefusedException.class)
    ProblemDetail refused(ConfigRefusedException e) {
        HttpStatus status = e.tooLarge() ? HttpStatus.CONTENT_TOO_LARGE : HttpStatus.BAD_REQUEST;
        ProblemDetail p = ProblemDetail.forStatusAndDetail(status, e.getMessage());
        p.setTitle("Configuration refused");
        p.setType(URI.create("urn:mailward:problem:config-refused"));
        e.file().ifPresent(f -> p.setProperty("file", f.part()));
        p.setProperty("code", e.messageKey());
        return p;
    }
}
