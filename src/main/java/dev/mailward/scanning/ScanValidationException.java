package dev.mailward.scanning;

/** Refused input, naming the field and carrying a message key with its arguments. */
public class ScanValidationException extends RuntimeException {

    private final String field;
    private final String messageKey;
    private final transient Object[] args;

    public ScanValidationException(String field, String messageKey, String message, Object... args) {
        super(message);
        this.field = field;
        this.messageKey = messageKey;
        this.args = args.clone();
    }

    public String field() {
        return field;
    }

    public String messageKey() {
        return messageKey;
    }

    public Object[] args() {
        return args.clone();
    }
}
