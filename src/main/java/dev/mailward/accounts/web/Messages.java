package dev.mailward.accounts.web;

import dev.mailward.accounts.AccountChangeRejected;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.context.MessageSource;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.stereotype.Component;

/** Resolves message keys for flash messages and field errors. */
@Component
class Messages {

    private final MessageSource source;

    Messages(MessageSource source) {
        this.source = source;
    }

    String get(String key, Object... args) {
        return source.getMessage(key, args, key, LocaleContextHolder.getLocale());
    }

    Map<String, String> fieldError(AccountChangeRejected e) {
        Map<String, String> errors = new LinkedHashMap<>();
        errors.put(e.field(), get(e.messageKey(), e.arguments()));
        return errors;
    }
}
