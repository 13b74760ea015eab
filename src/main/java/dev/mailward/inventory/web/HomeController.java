package dev.mailward.inventory.web;

import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;

/** The console opens on the domain list. */
@Controller
class HomeController {

    @GetMapping("/")
    String home() {
        return "redirect:/domains";
    }
}
