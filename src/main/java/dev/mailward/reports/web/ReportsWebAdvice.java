package dev.mailward.reports.web;

import dev.mailward.reports.ReportFileMissingException;
import org.springframework.http.HttpStatus;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.ResponseStatus;

/** A report whose file is gone from the archive answers with the 410 page (unknown reports: {@code shared.web.NotFoundAdvice}). */
@ControllerAdvice(basePackageClasses = ReportsWebAdvice.class)
class ReportsWebAdvice {

    @ExceptionHandler(ReportFileMissingException.class)
    @ResponseStatus(HttpStatus.GONE)
    String gone(Model model) {
        model.addAttribute("status", 410);
        return "error";
    }
}
