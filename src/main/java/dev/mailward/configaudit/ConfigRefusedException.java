package dev.mailward.configaudit;

import java.util.Optional;

/**
 * An upload was refused as a whole and nothing was stored: a file too large, binary, not UTF-8,
 * or no file at all. HTTP 400 (413 for sizes in the API).
 */
public class ConfigRefusedException extends RuntimeException {

    private final Optional<ConfigFile> file;
    private final String messageKey;
    private final transient Object[] arguments;
    private final boolean tooLarge;

    public ConfigRefusedException(
            Optional<ConfigFile> file, String messageKey, String message, boolean tooLarge, Object... arguments) {
        super(message);
        this.file = file;
        this.messageKey = messageKey;
        this.arguments = arguments.clone();
        this.tooLarge = tooLarge;
    }

    /** The refused file, empty when the upload as a whole was refused. */
    public Optional<ConfigFile> file() {
        return file;
    }

    /** Message key (in {@code messages/serverconfig.properties}) for the console. */
    public String messageKey() {
        return messageKey;
    }

    public Object[] arguments() {
        return arguments.clone();
    }

    /** Whether the file exceeded a size or line cap. */
    public boolean tooLarge() {
        return tooLarge;
    }
}
