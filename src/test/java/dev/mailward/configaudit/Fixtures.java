package dev.mailward.configaudit;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** Loads the committed tool outputs under {@code src/test/resources/config-audit/<scenario>/}. */
final class Fixtures {

    private Fixtures() {}

    static String text(String scenario, String file) {
        String path = "/config-audit/" + scenario + "/" + file;
        try (InputStream in = Fixtures.class.getResourceAsStream(path)) {
            return in == null ? null : new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static ConfigBundle bundle(String scenario) {
        return ConfigBundle.of(
                scenario,
                text(scenario, "postconf-n.txt"),
                text(scenario, "postconf-M.txt"),
                text(scenario, "doveconf-n.txt"),
                text(scenario, "rspamd-configdump.txt"));
    }
}
