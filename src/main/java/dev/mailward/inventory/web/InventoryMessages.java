package dev.mailward.inventory.web;

import dev.mailward.inventory.InventoryValidationException;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.context.MessageSource;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.stereotype.Component;

/** Resolves the inventory's message keys for flash messages and field errors. */
@Component
class InventoryMessages {

    private final MessageSource source;

    InventoryMessages(MessageSource source) {
        this.source = source;
    }

    String get(String key, Object... args) {
        return source.getMessage(key, args, key, LocaleContextHolder.getLocale());
    }

    /** The field error of a refused input; the English reason when the key has no translation. */
    Map<String, String> fieldError(InventoryValidationException e) {
        Map<String, String> errors = new LinkedHashMap<>();
        errors.put(
                e.field(),
                source.getMessage(e.messageKey(), e.arguments(), e.getMessage(), LocaleContextHolder.getLocale()));
        return errors;
    }
}
