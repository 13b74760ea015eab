package dev.mailward.inventory;

import dev.mailward.shared.NotFound;

/**
 * A domain or server does not exist, or belongs to a team the user may not see (the two are
 * deliberately indistinguishable, so that ids of other teams leak nothing): HTTP 404, answered by
 * {@code shared.web.NotFoundAdvice}.
 */
public class InventoryNotFoundException extends NotFound {

    private final String kind;
    private final long id;

    public InventoryNotFoundException(String kind, long id) {
        super("no " + kind + " with id " + id);
        this.kind = kind;
        this.id = id;
    }

    /** {@code domain} or {@code server}. */
    public String kind() {
        return kind;
    }

    public long id() {
        return id;
    }
}
