package dev.mailward.configaudit.web;

import dev.mailward.configaudit.ConfigRefusedException;
import org.springframework.context.MessageSource;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.stereotype.Component;

/** Resolves the module's message keys for flash messages. */
@Component
class ServerConfigMessages {

    private final MessageSource source;

    ServerConfigMessages(MessageSource source) {
        this.source = source;
    }

    String get(String key, Object... args) {
        return source.getMessage(key, args, key, LocaleContextHolder.getLocale());
    }

    /** Why an upload was refused; the English reason when the key has no translation. */
    String refusal(ConfigRefusedException e) {
        return source.getMessage(e.messageKey(), e.arguments(), e.getMessage(), LocaleContextHolder.getLocale());
    }
}
