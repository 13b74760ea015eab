package dev.mailward.accounts;

import java.time.Instant;
import java.util.Optional;

/**
 * A passkey as its owner's account page shows it.
 *
 * @param id the credential id (base64url), what the page's "remove" names
 * @param label the name the owner gave it
 * @param created when it was registered
 * @param lastUsed when it last signed in, if ever
 */
public record PasskeyView(String id, String label, Instant created, Optional<Instant> lastUsed) {}
