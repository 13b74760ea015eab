package dev.mailward.scanning.web;

import dev.mailward.inventory.InventoryNotFoundException;
import dev.mailward.scanning.ScanNotFoundException;
import org.springframework.http.HttpStatus;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.ResponseStatus;

/** Unknown ids, and ids of other teams' domains and scans, answer with the 404 page. */
@ControllerAdvice(basePackageClasses = ScanningWebAdvice.class)
class ScanningWebAdvice {

    @ExceptionHandler({ScanNotFoundException.class, InventoryNotFoundException.class})
    @ResponseStatus(HttpStatus.NOT_FOUND)
    String notFound(Model model) {
        model.addAttribute("status", 404);
        return "error";
    }
}
