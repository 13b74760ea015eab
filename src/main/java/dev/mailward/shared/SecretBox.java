package dev.mailward.shared;

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

/**
 * Encrypts secrets the console must use again for the database (a webhook's HMAC key, a user's TOTP key), so
 * they cannot be stored as a hash the way API tokens and passwords are: each is stored as AES-256-GCM
 * ciphertext ({@code v1:<base64 nonce+ciphertext>}) under a key from the environment (the owning module's
 * {@code secret-key} setting) or, unset, a key generated once into a file beside the data (owner-only). A copy
 * of the database alone therefore reveals no secret. The clear secret is never logged nor rendered back.
 * Each module that stores secrets makes its own box (its own key).
 */
public final class SecretBox {

    private static final Logger log = LoggerFactory.getLogger(SecretBox.class);
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final String PREFIX = "v1:";

    private final String setting;
    private final String secretKey;
    private final Path keyFile;
    private final String what;
    private volatile SecretKeySpec key;

    /**
     * @param setting the name of the key's setting, for messages (e.g. {@code mailward.notifications.secret-key})
     * @param secretKey the base64 key (32 bytes), or blank for the key file
     * @param keyFile where the generated key lives
     * @param what what the key encrypts, for messages (e.g. {@code webhook secrets})
     */
    public SecretBox(String setting, String secretKey, Path keyFile, String what) {
        this.setting = setting;
        this.secretKey = secretKey == null ? "" : secretKey;
        this.keyFile = keyFile;
        this.what = what;
    }

    /** The secret encrypted, with a fresh nonce. */
    public String seal(String secret) {
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

    /** The secret {@link #seal}ed earlier under the same key. */
    public String open(String sealed) {
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
                    "cannot decrypt one of the " + what + ": " + setting + " differs from the one that encrypted it",
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
        if (!secretKey.isBlank()) {
            byte[] k = Base64.getDecoder().decode(secretKey.strip());
            if (k.length != 32) {
                throw new IllegalStateException(setting + " must be 32 bytes in base64");
            }
            return k;
        }
        Path file = keyFile;
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
            log.info("Generated the key that encrypts {}: {}", what, file.toAbsolutePath());
            return k;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read or create " + file, e);
        }
    }
}
