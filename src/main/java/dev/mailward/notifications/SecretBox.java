package dev.mailward.notifications;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * Encrypts webhook secrets for the database. A webhook secret is a key the console must use (HMAC), so it
 * cannot be stored as a hash the way API tokens and passwords are: it is stored as AES-256-GCM ciphertext
 * ({@code v1:<base64 nonce+ciphertext>}) under {@code mailward.notifications.secret-key} (from the
 * environment) or, unset, a key generated once into a file beside the data (owner-only). A copy of the
 * database alone therefore reveals no secret. The clear secret is never logged nor rendered back.
 */
@Component
class SecretBox {

    private static final Logger log = LoggerFactory.getLogger(SecretBox.class);
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final String PREFIX = "v1:";

    private final NotificationsProperties properties;
    private final Path dataDir;
    private volatile SecretKeySpec key;

    SecretBox(NotificationsProperties properties, @Value("${mailward.data-dir:./data}") Path dataDir) {
        this.properties = properties;
        this.dataDir = dataDir;
    }

    String seal(String secret) {
        try {
            byte[] nonce = new byte[12];
            RANDOM.nextBytes(nonce);
            Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
            c.init(Cipher.ENCRYPT_MODE, key(), new GCMParameterSpec(128, nonce));
            byte[] ct = c.doFinal(secret.getBytes(StandardCharsets.UTF_8));
            byte[] out = new byte[nonce.length + ct.length];
            System.arraycopy(nonce, 0, out, 0, nonce.length);
            System.arraycopy(ct, 0, out, nonce.length, ct.length);
            return PREFIX + Base64.getEncoder().encodeToString(out);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is part of every JDK", e);
        }
    }

    String open(String sealed) {
        if (!sealed.startsWith(PREFIX)) {
            throw new IllegalStateException("unknown secret format");
        }
        byte[] in = Base64.getDecoder().decode(sealed.substring(PREFIX.length()));
        try {
            Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
            c.init(Cipher.DECRYPT_MODE, key(), new GCMParameterSpec(128, in, 0, 12));
            return new String(c.doFinal(in, 12, in.length - 12), StandardCharsets.UTF_8);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(
                    "cannot decrypt a webhook secret: mailward.notifications.secret-key differs from the one that"
                            + " encrypted it",
                    e);
        }
    }

    private SecretKeySpec key() {
        SecretKeySpec k = key;
        if (k == null) {
            synchronized (this) {
                if (key == null) {
                    key = new SecretKeySpec(loadKey(), "AES");
                }
                k = key;
            }
        }
        return k;
    }

    private byte[] loadKey() {
        if (!properties.secretKey().isBlank()) {
            byte[] k = Base64.getDecoder().decode(properties.secretKey().strip());
            if (k.length != 32) {
                throw new IllegalStateException("mailward.notifications.secret-key must be 32 bytes in base64");
            }
            return k;
        }
        Path file =
                properties.secretKeyFile() != null ? properties.secretKeyFile() : dataDir.resolve("notifications.key");
        try {
            if (Files.exists(file)) {
                return Base64.getDecoder().decode(Files.readString(file).strip());
            }
            Files.createDirectories(file.toAbsolutePath().getParent());
            byte[] k = new byte[32];
            RANDOM.nextBytes(k);
            Files.writeString(file, Base64.getEncoder().encodeToString(k), StandardOpenOption.CREATE_NEW);
            try {
                Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
            } catch (UnsupportedOperationException e) {
                log.debug("{} keeps the file system's permissions", file);
            }
            log.info("Generated the key that encrypts webhook secrets: {}", file.toAbsolutePath());
            return k;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read or create " + file, e);
        }
    }
}
