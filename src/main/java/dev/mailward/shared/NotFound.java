package dev.mailward.shared;

/**
 * A resource that does not exist or that the user may not see: the two answer alike, so that ids
 * of other teams leak nothing. Every module's not-found exception extends this, and the one advice
 * {@code shared.web.NotFoundAdvice} answers it: the 404 page, or under {@code /api/} the "Not
 * found" problem whose detail is this exception's message (English, naming what was asked for).
 */
public abstract class NotFound extends RuntimeException {

    /** {@code detail}: what was not found, in English, for the API's problem details. */
    protected NotFound(String detail) {
        super(detail);
    }
}
