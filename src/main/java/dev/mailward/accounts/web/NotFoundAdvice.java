package dev.mailward.accounts.web;

import dev.mailward.accounts.NoSuchAccount;
import org.springframework.http.HttpStatus;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.ResponseStatus;

/** Unknown user or team ids in the pages of this package answer with the 404 page. */
@ControllerAdvice(basePackageClasses = NotFoundAdvice.class)
class NotFoundAdvice {

    @ExceptionHandler(NoSuchAccount.class)
    @ResponseStatus(HttpStatus.NOT_FOUND)
    String notFound(Model model) {
        model.addAttribute("status", 404);
        return "error";
    }
}
