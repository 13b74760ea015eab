package dev.mailward.inventory.api;

import dev.mailward.inventory.InventoryService;
import java.util.List;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/** {@code /api/v1/tags}: the tags in use on the domains the caller may see (at most 500, sorted). */
@RestController
class TagsApiController {

    private final InventoryService inventory;

    TagsApiController(InventoryService inventory) {
        this.inventory = inventory;
    }

    /** The tags; filter domains by one with {@code /api/v1/domains?tag=}, scan them with a {@code tag} scan. */
    record Tags(List<String> items) {}

    @GetMapping("/api/v1/tags")
    Tags tags() {
        return new Tags(inventory.tags());
    }
}
