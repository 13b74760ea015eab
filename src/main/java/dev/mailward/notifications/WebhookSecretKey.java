package dev.mailward.notifications;

import dev.mailward.shared.SecretBox;
import java.nio.file.Path;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The box that encrypts webhook secrets: {@code mailward.notifications.secret-key}, or a key generated once
 * into {@code mailward.notifications.secret-key-file} (default {@code <mailward.data-dir>/notifications.key}).
 */
@Configuration(proxyBeanMethods = false)
class WebhookSecretKey {

    @Bean
    SecretBox webhookSecretBox(NotificationsProperties properties, @Value("${mailward.data-dir:./data}") Path dataDir) {
        Path file =
                properties.secretKeyFile() != null ? properties.secretKeyFile() : dataDir.resolve("notifications.key");
        return new SecretBox("mailward.notifications.secret-key", properties.secretKey(), file, "webhook secrets");
    }
}
