package dev.mailward.reports;

/**
 * A report request that cannot be carried out as asked; names the field, a message key for the
 * console and an English message naming the offending value for the API.
 */
public class ReportValidationException extends RuntimeException {

    private final String field;
    private final String messageKey;

    public ReportValidationException(String field, String messageKey, String message) {
        super(message);
        this.field = field;
        this.messageKey = messageKey;
    }

    public String field() {
        return field;
    }

    public String messageKey() {
        return messageKey;
    }
}
