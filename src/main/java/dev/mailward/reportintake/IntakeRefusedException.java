package dev.mailward.reportintake;

/** A request the intake refuses as a whole (no file, too many files, a wrong period): 400 on the API. */
public class IntakeRefusedException extends RuntimeException {

    private final String field;
    private final String messageKey;

    public IntakeRefusedException(String field, String messageKey, String detail) {
        super(detail);
        this.field = field;
        this.messageKey = messageKey;
    }

    /** The request field at fault. */
    public String field() {
        return field;
    }

    /** The message key of the explanation ({@code messages/reportintake.properties}). */
    public String messageKey() {
        return messageKey;
    }
}
