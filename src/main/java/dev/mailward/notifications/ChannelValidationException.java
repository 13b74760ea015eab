package dev.mailward.notifications;

/** A refused channel field: the field's name, a message key ({@code notifications.error.*}) and English text. */
public class ChannelValidationException extends RuntimeException {

    private final String field;
    private final String messageKey;

    public ChannelValidationException(String field, String messageKey, String message) {
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
