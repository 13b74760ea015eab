package dev.mailward.inventory;

import dev.mailward.dns.InvalidDomainNameException;
import java.util.Arrays;

/**
 * Input was refused. {@link #field()} names the form/JSON field, {@link #messageKey()} and
 * {@link #arguments()} the reason for pages, {@link #getMessage()} the English reason.
 */
public class InventoryValidationException extends RuntimeException {

    private final String field;
    private final String messageKey;
    private final transient Object[] arguments;

    public InventoryValidationException(String field, String messageKey, String message, Object... arguments) {
        super(message);
        this.field = field;
        this.messageKey = messageKey;
        this.arguments = arguments.clone();
    }

    static InventoryValidationException of(String field, InvalidDomainNameException e) {
        return new InventoryValidationException(field, e.messageKey(), e.getMessage(), e.arguments());
    }

    public String field() {
        return field;
    }

    public String messageKey() {
        return messageKey;
    }

    public Object[] arguments() {
        return Arrays.copyOf(arguments, arguments.length);
    }
}
