package dev.mailward.mitigations.web;

import dev.mailward.mitigations.CatalogueEntry;
import dev.mailward.mitigations.GuideService;
import java.util.List;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.server.ResponseStatusException;

/**
 * The mitigation catalogue and one remediation guide per mitigation; read-only, for every authenticated
 * role. The integrator adds the domain's findings and generated fixes ({@code fixes}, a list of
 * {@link dev.mailward.mitigations.GeneratedFix}) for {@code ?domain=}; the template renders them when present.
 */
@Controller
class GuideController {

    static final String INDEX_VIEW = "mitigations/index";
    static final String GUIDE_VIEW = "mitigations/guide";

    private final GuideService guides;

    GuideController(GuideService guides) {
        this.guides = guides;
    }

    @GetMapping("/mitigations")
    String index(Model model) {
        model.addAttribute("entries", guides.catalogue().entries());
        return INDEX_VIEW;
    }

    @GetMapping("/mitigations/{id}/guide")
    String guide(@PathVariable String id, Model model) {
        CatalogueEntry entry = guides.guide(id)
                .orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND, "no mitigation '" + id + "'"));
        model.addAttribute("entry", entry);
        if (!model.containsAttribute("fixes")) {
            model.addAttribute("fixes", List.of());
        }
        return GUIDE_VIEW;
    }
}
