package dev.mailward.inventory.web;

import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;

/** The console opens on the portfolio dashboard. */
@Controller
class HomeController {

    @GetMapping("/")
    String home() {
        return "redirect:/dashboard";
    }
}
