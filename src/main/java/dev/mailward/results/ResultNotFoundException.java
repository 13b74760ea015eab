package dev.mailward.results;

import dev.mailward.shared.NotFound;

/** An exception (accepted finding) or a domain that does not exist or that the user may not see. */
public class ResultNotFoundException extends NotFound {

    public ResultNotFoundException(String what, long id) {
        super(what + " " + id + " not found");
    }

    public ResultNotFoundException(String message) {
        super(message);
    }
}
