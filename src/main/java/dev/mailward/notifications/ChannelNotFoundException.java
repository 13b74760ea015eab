package dev.mailward.notifications;

import dev.mailward.shared.NotFound;

/** A channel or delivery that does not exist or belongs to a team the user may not see (404 alike). */
public class ChannelNotFoundException extends NotFound {

    public ChannelNotFoundException(String what, long id) {
        super("no " + what + " " + id);
    }
}
