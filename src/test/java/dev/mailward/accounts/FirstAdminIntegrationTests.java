package dev.mailward.accounts;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.mailward.MailwardIntegrationTest;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.MessageSource;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.security.crypto.password.PasswordEncoder;

/**
 * Drives the bootstrap directly against an empty user table (the shared test database is emptied
 * of users first; other test classes create their own users when they start).
 */
@MailwardIntegrationTest
class FirstAdminIntegrationTests {

    @Autowired
    AccountService accounts;

    @Autowired
    UserAccountRepository users;

    @Autowired
    PasswordEncoder encoder;

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    MessageSource messages;

    ListAppender<ILoggingEvent> logs = new ListAppender<>();
    Logger logger = (Logger) LoggerFactory.getLogger(FirstAdminBootstrap.class);

    @BeforeEach
    void emptyUsersAndCaptureLog() {
        jdbc.update("delete from user_account");
        logs.start();
        logger.addAppender(logs);
    }

    @AfterEach
    void detach() {
        logger.detachAppender(logs);
    }

    private FirstAdminBootstrap bootstrap(String password) {
        return new FirstAdminBootstrap(
                accounts,
                new AccountsProperties(
                        password,
                        new AccountsProperties.Lockout(
                                5, java.time.Duration.ofMinutes(15), java.time.Duration.ofMinutes(15), 100)),
                messages);
    }

    private String allLogText() {
        return String.join(
                "\n", logs.list.stream().map(ILoggingEvent::getFormattedMessage).toList());
    }

    @Test
    void usesThePasswordFromTheEnvironmentAndNeverLogsIt() {
        assertThat(bootstrap("env supplied passphrase").createFirstAdminIfNoUsers())
                .isTrue();

        UserAccount admin = users.findByUsername("admin").orElseThrow();
        assertThat(admin.role()).isEqualTo(Role.ADMIN);
        assertThat(encoder.matches("env supplied passphrase", admin.passwordHash()))
                .isTrue();
        assertThat(accounts.findUser("admin").orElseThrow().teams())
                .extracting(TeamRef::name)
                .containsExactly("Default");
        assertThat(allLogText()).doesNotContain("env supplied passphrase");
        // the operator chose this one: nothing to change at the first sign-in
        assertThat(admin.mustChangePassword()).isFalse();
    }

    @Test
    void generatesARandomPasswordAndPrintsItExactlyOnce() {
        assertThat(bootstrap(null).createFirstAdminIfNoUsers()).isTrue();

        List<ILoggingEvent> warnings =
                logs.list.stream().filter(e -> e.getLevel() == Level.WARN).toList();
        assertThat(warnings).hasSize(1);
        Matcher m = Pattern.compile("Initial admin password: (\\S+)")
                .matcher(warnings.getFirst().getFormattedMessage());
        assertThat(m.find()).isTrue();
        String password = m.group(1);
        assertThat(password).hasSizeGreaterThanOrEqualTo(PasswordPolicy.MIN_LENGTH);
        assertThat(warnings.getFirst().getFormattedMessage()).contains("the first sign-in asks");
        assertThat(encoder.matches(
                        password, users.findByUsername("admin").orElseThrow().passwordHash()))
                .isTrue();
        // whoever read the log knows it: the admin must set their own at the first sign-in
        assertThat(users.findByUsername("admin").orElseThrow().mustChangePassword())
                .isTrue();

        // a second start finds users and neither creates nor prints anything
        assertThat(bootstrap(null).createFirstAdminIfNoUsers()).isFalse();
        assertThat(allLogText().split(Pattern.quote(password), -1)).hasSize(2);
    }

    @Test
    void doesNothingWhenUsersExist() {
        accounts.createUser(
                new CreateUser(
                        AccountsTestSupport.unique("someone"),
                        null,
                        Role.AUDITOR,
                        java.util.Set.of(),
                        AccountsTestSupport.PASSWORD),
                "test");
        assertThat(bootstrap("env supplied passphrase").createFirstAdminIfNoUsers())
                .isFalse();
        assertThat(users.findByUsername("admin")).isEmpty();
    }

    @Test
    void refusesToStartWithACommonPasswordFromTheEnvironmentAndCreatesNothing() {
        org.assertj.core.api.Assertions.assertThatIllegalStateException()
                .isThrownBy(() -> bootstrap("Password1234").createFirstAdminIfNoUsers())
                .withMessage(
                        "MAILWARD_ADMIN_PASSWORD is refused: This password is on a list of commonly used or breached "
                                + "passwords; choose another. Set another password for the first admin and start again; no user "
                                + "was created.");
        org.assertj.core.api.Assertions.assertThatIllegalStateException()
                .isThrownBy(() -> bootstrap("short").createFirstAdminIfNoUsers())
                .withMessageStartingWith(
                        "MAILWARD_ADMIN_PASSWORD is refused: The password must have at least 12 characters.");
        assertThat(users.count()).isZero();
        assertThat(allLogText()).doesNotContain("Password1234");
    }

    @Test
    void generatedPasswordsPassThePolicy() {
        for (int i = 0; i < 1_000; i++) {
            assertThat(PasswordPolicy.check("admin", accounts.generatePassword()))
                    .isEmpty();
        }
    }
}
