package dev.mailward.reportintake;

import dev.mailward.shared.NotFound;

/** A domain that does not exist or that the user may not see: both answer 404 alike. */
public class DomainNotFoundException extends NotFound {

    public DomainNotFoundException(long id) {
        super("Domain " + id + " not found");
    }
}
