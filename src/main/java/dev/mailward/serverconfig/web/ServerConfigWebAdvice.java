package dev.mailward.serverconfig.web;

import dev.mailward.inventory.InventoryNotFoundException;
import org.springframework.http.HttpStatus;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.ResponseStatus;

/** Unknown servers and versions, and those of other teams, answer with the 404 page. */
@ControllerAdvice(basePackageClasses = ServerConfigWebAdvice.class)
class ServerConfigWebAdvice {

    @ExceptionHandler(InventoryNotFoundException.class)
    @ResponseStatus(HttpStatus.NOT_FOUND)
    String notFound(Model model) {
        model.addAttribute("status", 404);
        return "error";
    }
}
