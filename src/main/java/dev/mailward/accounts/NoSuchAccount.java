package dev.mailward.accounts;

import dev.mailward.shared.NotFound;

/** The user or team with the given id does not exist. Pages answer 404. */
public class NoSuchAccount extends NotFound {

    public NoSuchAccount(String kind, long id) {
        super("no " + kind + " with id " + id);
    }
}
