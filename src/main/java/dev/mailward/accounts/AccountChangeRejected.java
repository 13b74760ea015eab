package dev.mailward.accounts;

import java.util.List;

/**
 * A change to users or teams was refused because the input breaks a rule (duplicate name,
 * weak password, unknown team, wrong current password, ...). Carries message keys of the
 * {@code accounts} bundle so that pages and the API can explain the reason.
 *
 * @see #field()
 * @see #messageKey()
 */
public class AccountChangeRejected extends RuntimeException {

    private final String field;
    private final String messageKey;
    private final List<Object> arguments;

    public AccountChangeRejected(String field, String messageKey, String englishMessage, Object... arguments) {
        super(englishMessage);
        this.field = field;
        this.messageKey = messageKey;
        this.arguments = List.of(arguments);
    }

    /** The input field the rule concerns ({@code username}, {@code password}, {@code name}, ...). */
    public String field() {
        return field;
    }

    /** Message key in {@code messages/accounts.properties}. */
    public String messageKey() {
        return messageKey;
    }

    /** Arguments of the message. */
    public Object[] arguments() {
        return arguments.toArray();
    }
}
