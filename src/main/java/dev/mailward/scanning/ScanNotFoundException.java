package dev.mailward.scanning;

import dev.mailward.shared.NotFound;

/** A scan run, exception or domain that does not exist or that the user may not see. */
public class ScanNotFoundException extends NotFound {

    public ScanNotFoundException(String what, long id) {
        super(what + " " + id + " not found");
    }
}
