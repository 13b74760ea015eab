package dev.mailward.probe;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What the prober observed on one endpoint: the main session (greeting, capabilities before and
 * after TLS, TLS handshake, protocol probes) and one short session per TLS version. Pure data; the
 * {@code checks} families judge it.
 *
 * @param endpoint the endpoint probed
 * @param address the address connected to, when one was permitted
 * @param notTestable why the main session ended early (policy refusal, connect failure, {@code 421},
 *     timeout, a bound hit); the fields filled before that remain valid
 * @param greeting the full (possibly multi-line) greeting
 * @param greetingMillis time from connect to the end of the greeting (postscreen/greet-pause delay)
 * @param capabilitiesBeforeTls EHLO keywords / IMAP CAPABILITY / POP3 CAPA / ManageSieve
 *     capabilities in clear, upper case; empty when not read (or on implicit TLS)
 * @param tlsOffered whether STARTTLS/STLS was advertised (always true on implicit TLS)
 * @param tls the main TLS handshake, when it completed
 * @param tlsFailure why TLS failed when it was attempted and did not complete
 * @param capabilitiesAfterTls capabilities read again under TLS
 * @param replies replies to probes by name: {@code VRFY} and {@code EXPN} (about {@code postmaster}),
 *     {@code VRFY_UNKNOWN} and {@code EXPN_UNKNOWN} (about {@code unknownLocalPart}), {@code MAIL},
 *     {@code RCPT}, {@code USER}. Observations stored before the random local part was asked about
 *     have only the {@code postmaster} replies.
 * @param versions one result per TLS version tried; empty when TLS was not reachable
 * @param transcript every session's lines and events, in order
 * @param unknownLocalPart the random local part VRFY and EXPN were asked about beside
 *     {@code postmaster} (SMTP only; empty in observations stored before it was asked about)
 */
public record EndpointObservation(
        Endpoint endpoint,
        Optional<String> address,
        Optional<String> notTestable,
        Optional<Reply> greeting,
        long greetingMillis,
        Optional<List<String>> capabilitiesBeforeTls,
        boolean tlsOffered,
        Optional<TlsHandshake> tls,
        Optional<TlsFailure> tlsFailure,
        Optional<List<String>> capabilitiesAfterTls,
        Map<String, Reply> replies,
        List<TlsVersionResult> versions,
        List<TranscriptEntry> transcript,
        Optional<String> unknownLocalPart) {

    /** The suffix of the reply name for the random local part: {@code VRFY} + this. */
    public static final String UNKNOWN_SUFFIX = "_UNKNOWN";

    public EndpointObservation {
        capabilitiesBeforeTls = capabilitiesBeforeTls.map(List::copyOf);
        capabilitiesAfterTls = capabilitiesAfterTls.map(List::copyOf);
        replies = Map.copyOf(replies);
        versions = List.copyOf(versions);
        transcript = List.copyOf(transcript);
        // an observation stored before the field existed decodes it as null
        unknownLocalPart = unknownLocalPart == null ? Optional.empty() : unknownLocalPart;
    }

    /**
     * Whether nothing was contacted because the target policy refused every address of the
     * endpoint ({@link #notTestable()} says why and which setting allows them). Addresses are known
     * but none was permitted: the prober only leaves {@link #address()} empty for that or for an
     * endpoint without addresses.
     */
    public boolean refusedByPolicy() {
        return address.isEmpty() && !endpoint.addresses().isEmpty();
    }

    /** The reply to the probe {@code name}, e.g. {@code RCPT}. */
    public Optional<Reply> reply(String name) {
        return Optional.ofNullable(replies.get(name));
    }
}
