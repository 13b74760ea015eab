package dev.mailward.accounts;

import java.net.URI;
import java.util.List;
import java.util.Set;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings of passkeys ({@code mailward.accounts.passkeys.*}). A browser offers a passkey only to the site it
 * was registered for: the relying party id is the host name users see in the address bar (behind a reverse
 * proxy, the proxy's public name, not the console's internal one), and the origins are the exact
 * {@code scheme://host[:port]} they load the console from.
 *
 * @param rpId the relying party id; empty: the host of {@code mailward.public-url}
 * @param rpName the name authenticators show beside the passkey (default {@code Mailward})
 * @param allowedOrigins the origins a passkey ceremony may come from; empty: the origin of
 *     {@code mailward.public-url}
 */
@ConfigurationProperties(prefix = "mailward.accounts.passkeys")
public record PasskeyProperties(
        @DefaultValue("") String rpId,
        @DefaultValue("Mailward") String rpName,
        List<String> allowedOrigins) {

    /** The relying party id, derived from the console's public URL unless set. */
    String rpIdOr(String publicUrl) {
        return rpId.isBlank() ? URI.create(publicUrl).getHost() : rpId.strip();
    }

    /** The allowed origins, the public URL's origin unless set. */
    Set<String> allowedOriginsOr(String publicUrl) {
        if (allowedOrigins != null && !allowedOrigins.isEmpty()) {
            return Set.copyOf(allowedOrigins.stream().map(String::strip).toList());
        }
        URI u = URI.create(publicUrl);
        return Set.of(u.getScheme() + "://" + u.getRawAuthority());
    }
}
