package dev.mailward.mitigations;

import java.util.Optional;

/**
 * Where a guide seen from a domain gets that domain's observations. The mitigations module reads no
 * results itself (it depends on {@code checks} only); a module that owns or reads them (the dashboard)
 * implements this, scoped to the signed-in user.
 */
public interface DomainGuideSource {

    /**
     * The domain's current results and active exceptions.
     *
     * @param domain the domain's id, or its name (A-label or U-label, any case)
     * @return empty when there is no such domain or the signed-in user may not see it
     */
    Optional<DomainObservations> observations(String domain);
}
