package dev.mailward.dashboard.web;

import dev.mailward.inventory.InventoryNotFoundException;
import org.springframework.http.HttpStatus;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.ResponseStatus;

/** A domain the user may not see (or that does not exist) answers the dashboard pages with the 404 page. */
@ControllerAdvice(basePackageClasses = DashboardWebAdvice.class)
class DashboardWebAdvice {

    @ExceptionHandler(InventoryNotFoundException.class)
    @ResponseStatus(HttpStatus.NOT_FOUND)
    String notFound(Model model) {
        model.addAttribute("status", 404);
        return "error";
    }
}
