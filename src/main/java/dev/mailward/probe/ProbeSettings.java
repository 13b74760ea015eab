package dev.mailward.probe;

import java.util.Objects;
import javax.net.ssl.X509TrustManager;

/**
 * How the prober behaves.
 *
 * @param targetPolicy which addresses may be contacted at all
 * @param limits bounds of every session
 * @param trust the CA bundle certificate chains are validated against
 * @param ehloName the name announced in EHLO
 * @param mailFrom envelope sender of the open-relay test
 * @param relayTestRecipient unrelated recipient of the open-relay test
 * @param scanVersions whether to try each TLS version on its own connection (4 extra sessions)
 */
public record ProbeSettings(
        TargetPolicy targetPolicy,
        SessionLimits limits,
        X509TrustManager trust,
        String ehloName,
        String mailFrom,
        String relayTestRecipient,
        boolean scanVersions) {

    public ProbeSettings {
        Objects.requireNonNull(targetPolicy, "targetPolicy");
        Objects.requireNonNull(limits, "limits");
        Objects.requireNonNull(trust, "trust");
        for (String s : new String[] {ehloName, mailFrom, relayTestRecipient}) {
            // a CR/LF here would let configuration inject commands into the session
            if (s == null || s.isBlank() || s.chars().anyMatch(c -> c < 0x21 || c > 0x7e)) {
                throw new IllegalArgumentException("'" + s + "' must be printable ASCII without spaces");
            }
        }
    }
}
