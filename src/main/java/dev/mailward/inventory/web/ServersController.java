package dev.mailward.inventory.web;

import dev.mailward.inventory.EndpointRole;
import dev.mailward.inventory.InventoryService;
import dev.mailward.inventory.InventoryValidationException;
import java.util.Map;
import java.util.Optional;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/** The mail server pages: list, details, manual endpoints. */
@Controller
@RequestMapping("/servers")
class ServersController {

    static final String LIST = "inventory/servers";
    static final String DETAIL = "inventory/server";

    private final InventoryService inventory;
    private final InventoryMessages messages;

    ServersController(InventoryService inventory, InventoryMessages messages) {
        this.inventory = inventory;
        this.messages = messages;
    }

    @GetMapping
    String list(@RequestParam Optional<String> q, @RequestParam(defaultValue = "0") int page, Model model) {
        model.addAttribute("q", q.orElse(""));
        model.addAttribute("servers", inventory.servers(q, page));
        return LIST;
    }

    @GetMapping("/{id}")
    String show(@PathVariable long id, Model model) {
        model.addAttribute("server", inventory.server(id));
        model.addAttribute("roles", EndpointRole.values());
        if (!model.containsAttribute("errors")) {
            model.addAttribute("errors", Map.of());
        }
        return DETAIL;
    }

    @PostMapping("/{id}/endpoints")
    String addEndpoint(
            @PathVariable long id,
            @RequestParam Optional<EndpointRole> role,
            @RequestParam Optional<Integer> port,
            RedirectAttributes redirect) {
        try {
            inventory.addEndpoint(
                    id,
                    role.orElse(null),
                    port.orElse(role.map(EndpointRole::defaultPort).orElse(0)));
            redirect.addFlashAttribute("flash", messages.get("inventory.endpoint.added"));
        } catch (InventoryValidationException e) {
            redirect.addFlashAttribute("errors", messages.fieldError(e));
            redirect.addFlashAttribute(
                    "flashError", messages.fieldError(e).values().iterator().next());
        }
        return "redirect:/servers/" + id;
    }

    @PostMapping("/{id}/endpoints/delete")
    String removeEndpoint(
            @PathVariable long id,
            @RequestParam EndpointRole role,
            @RequestParam int port,
            RedirectAttributes redirect) {
        inventory.removeEndpoint(id, role, port);
        redirect.addFlashAttribute("flash", messages.get("inventory.endpoint.removed"));
        return "redirect:/servers/" + id;
    }
}
