package dev.mailward.inventory.api;

import dev.mailward.inventory.InventoryService;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.List;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/** {@code /api/v1/tags}: the tags in use on the domains the caller may see (at most 500, sorted). */
@Tag(name = "Tags")
@RestController
class TagsApiController {

    private final InventoryService inventory;

    TagsApiController(InventoryService inventory) {
        this.inventory = inventory;
    }

    /** The tags; filter domains by one with {@code /api/v1/domains?tag=}, scan them with a {@code tag} scan. */
    record Tags(List<String> items) {}

    @Operation(
            operationId = "listTags",
            summary = "List tags",
            description =
                    "Every tag used on the domains you can see, sorted; a scan or a report can take one as its scope.")
    @GetMapping("/api/v1/tags")
    Tags tags() {
        return new Tags(inventory.tags());
    }
}
