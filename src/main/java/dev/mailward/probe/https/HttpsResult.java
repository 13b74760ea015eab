package dev.mailward.probe.https;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The outcome of one HTTPS GET, with what is needed as evidence.
 *
 * @param url the URL fetched
 * @param outcome how the fetch ended
 * @param address the IP address connected to (last one tried), if any
 * @param status the HTTP status, 0 when none was received
 * @param headers response header lines as received ({@code Name: value}), control characters kept out
 * @param body the body (at most the cap; de-chunked); empty unless a response was read
 * @param error why the fetch did not give a complete response, empty otherwise; names the value at fault
 * @param notes what happened on the way (addresses refused by policy, failed connects), in order
 */
public record HttpsResult(
        String url,
        HttpsOutcome outcome,
        Optional<String> address,
        int status,
        List<String> headers,
        byte[] body,
        Optional<String> error,
        List<String> notes) {

    /** Bytes of the body kept in {@link #bodyExcerpt()}. */
    public static final int EXCERPT_BYTES = 4096;

    public HttpsResult {
        headers = List.copyOf(headers);
        notes = List.copyOf(notes);
        body = body.clone();
    }

    @Override
    public byte[] body() {
        return body.clone();
    }

    /** The body decoded as UTF-8 (malformed sequences replaced). */
    public String bodyText() {
        return new String(body, StandardCharsets.UTF_8);
    }

    /** The first {@value #EXCERPT_BYTES} bytes of the body as UTF-8, for evidence. */
    public String bodyExcerpt() {
        int n = Math.min(body.length, EXCERPT_BYTES);
        return new String(body, 0, n, StandardCharsets.UTF_8);
    }

    /** The value of the first header named {@code name} (case-insensitive). */
    public Optional<String> header(String name) {
        String prefix = name.toLowerCase(Locale.ROOT) + ":";
        for (String h : headers) {
            if (h.toLowerCase(Locale.ROOT).startsWith(prefix)) {
                return Optional.of(h.substring(prefix.length()).strip());
            }
        }
        return Optional.empty();
    }

    public boolean isRedirect() {
        return status >= 300 && status < 400;
    }
}
