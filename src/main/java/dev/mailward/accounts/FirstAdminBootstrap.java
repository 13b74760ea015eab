package dev.mailward.accounts;

import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.context.MessageSource;
import org.springframework.stereotype.Component;

/**
 * At the first start (no users at all) creates the admin {@value #USERNAME} in team
 * {@value #TEAM}. The password comes from {@code mailward.accounts.admin-password}
 * ({@code MAILWARD_ADMIN_PASSWORD}); without it a random one is generated and printed once, at
 * WARN, in a box, and must be changed at the first sign-in ({@link AccountSessionFilter} sends every page to
 * the change-password form until then). There is no default password, and it is never logged again. A configured
 * password that breaks {@link PasswordPolicy} (too short, a commonly used one, ...) stops the start
 * with a message naming the rule, before anything is created.
 */
@Component
class FirstAdminBootstrap implements ApplicationRunner {

    static final String USERNAME = "admin";
    static final String TEAM = "Default";
    private static final Logger log = LoggerFactory.getLogger(FirstAdminBootstrap.class);

    private final AccountService accounts;
    private final AccountsProperties properties;
    private final MessageSource messages;

    FirstAdminBootstrap(AccountService accounts, AccountsProperties properties, MessageSource messages) {
        this.accounts = accounts;
        this.properties = properties;
        this.messages = messages;
    }

    @Override
    public void run(ApplicationArguments args) {
        createFirstAdminIfNoUsers();
    }

    /** @return whether the admin was created (false when users already exist) */
    boolean createFirstAdminIfNoUsers() {
        if (accounts.userCount() > 0) {
            return false;
        }
        Optional<String> configured =
                Optional.ofNullable(properties.adminPassword()).filter(p -> !p.isBlank());
        configured.ifPresent(p -> {
            List<PasswordPolicy.Violation> violations = PasswordPolicy.check(USERNAME, p);
            if (!violations.isEmpty()) {
                PasswordPolicy.Violation v = violations.getFirst();
                throw new IllegalStateException("MAILWARD_ADMIN_PASSWORD is refused: "
                        + messages.getMessage(
                                v.messageKey(),
                                new Object[] {
                                    v == PasswordPolicy.Violation.TOO_LONG
                                            ? PasswordPolicy.MAX_LENGTH
                                            : PasswordPolicy.MIN_LENGTH
                                },
                                Locale.ENGLISH)
                        + " Set another password for the first admin and start again; no user was created.");
            }
        });
        String password = configured.orElseGet(accounts::generatePassword);
        accounts.createFirstAdmin(USERNAME, TEAM, password, configured.isEmpty());
        if (configured.isPresent()) {
            log.info("Created the first admin '{}' with the password from MAILWARD_ADMIN_PASSWORD", USERNAME);
        } else {
            String line = "*".repeat(64);
            log.warn("""

                    {}
                    *  Created the first admin user.
                    *    User name: {}
                    *    Initial admin password: {}
                    *  This password is shown only this once: the first sign-in asks
                    *  you to change it (or set MAILWARD_ADMIN_PASSWORD before the first start).
                    {}""", line, USERNAME, password, line);
        }
        return true;
    }
}
