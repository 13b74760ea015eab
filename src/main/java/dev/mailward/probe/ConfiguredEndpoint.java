package dev.mailward.probe;

import java.util.Objects;

/**
 * An endpoint someone configured to be probed: one that can be probed ({@link EndpointSpec}), or
 * text from the command line that names no endpoint ({@link Unreadable}), kept so that the probes
 * report why it was not probed.
 */
public sealed interface ConfiguredEndpoint permits EndpointSpec, ConfiguredEndpoint.Unreadable {

    /**
     * Text that names no endpoint.
     *
     * @param text what was given
     * @param reason why it is not {@code host:port[/protocol]}, naming the text
     */
    record Unreadable(String text, String reason) implements ConfiguredEndpoint {
        public Unreadable {
            Objects.requireNonNull(text, "text");
            Objects.requireNonNull(reason, "reason");
        }
    }

    /** Reads {@code text} as {@link EndpointSpec#parse} does; what does not parse is {@link Unreadable}. */
    static ConfiguredEndpoint read(String text) {
        try {
            return EndpointSpec.parse(text);
        } catch (IllegalArgumentException e) {
            return new Unreadable(text, e.getMessage());
        }
    }
}
