package dev.mailward.reports.web;

import dev.mailward.reports.ReportFileMissingException;
import dev.mailward.reports.ReportNotFoundException;
import org.springframework.http.HttpStatus;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.ResponseStatus;

/** Unknown reports and other teams' reports answer with the 404 page; a file gone from the archive with 410. */
@ControllerAdvice(basePackageClasses = ReportsWebAdvice.class)
class ReportsWebAdvice {

    @ExceptionHandler(ReportNotFoundException.class)
    @ResponseStatus(HttpStatus.NOT_FOUND)
    String notFound(Model model) {
        model.addAttribute("status", 404);
        return "error";
    }

    @ExceptionHandler(ReportFileMissingException.class)
    @ResponseStatus(HttpStatus.GONE)
    String gone(Model model) {
        model.addAttribute("status", 410);
        return "error";
    }
}
