package dev.mailward.shared.web;

import dev.mailward.shared.ApiProblems;
import dev.mailward.shared.NotFound;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.servlet.ModelAndView;

/**
 * The one answer to {@link NotFound}, whichever module's controller it comes from: unknown ids and
 * ids of other teams' rows alike. Under {@code /api/} (the API's filter chain, as in
 * {@link ErrorResponses}) the "Not found" problem with the exception's detail; elsewhere the 404
 * page.
 */
@ControllerAdvice
class NotFoundAdvice {

    /** A {@code ProblemDetail} or the error page's {@code ModelAndView}; Spring picks the writer by the value's type. */
    @ExceptionHandler(NotFound.class)
    Object notFound(NotFound e, HttpServletRequest request) {
        if (path(request).startsWith("/api/")) {
            return ApiProblems.notFound(e.getMessage());
        }
        ModelAndView page = new ModelAndView("error", HttpStatus.NOT_FOUND);
        page.addObject("status", HttpStatus.NOT_FOUND.value());
        return page;
    }

    /** The request's path without the context path. */
    private static String path(HttpServletRequest request) {
        String uri = request.getRequestURI();
        String context = request.getContextPath();
        return !context.isEmpty() && uri.startsWith(context) ? uri.substring(context.length()) : uri;
    }
}
