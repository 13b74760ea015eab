package dev.mailward.reportintake;

/** A file, or a part of it, that cannot be read as a report; the message says why, for an ADMIN. */
final class Unreadable extends Exception {

    Unreadable(String reason) {
        super(reason, null, false, false);
    }
}
