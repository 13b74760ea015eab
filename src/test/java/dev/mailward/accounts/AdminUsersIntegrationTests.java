package dev.mailward.accounts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.httpBasic;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.flash;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrlPattern;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import dev.mailward.MailwardIntegrationTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;

@MailwardIntegrationTest
class AdminUsersIntegrationTests {

    @Autowired
    MockMvc mvc;

    @Autowired
    AccountsTestSupport support;

    @Autowired
    UserAccountRepository users;

    @Autowired
    PasswordEncoder encoder;

    UserView admin;
    TeamRef team;

    @BeforeEach
    void setUp() {
        team = support.team("ops");
        admin = support.user("boss", Role.ADMIN, team);
    }

    @Test
    void listsUsersWithRoleTeamsAndState() throws Exception {
        UserView op = support.user("listed", Role.OPERATOR, team);
        mvc.perform(get("/admin/users").with(user(support.principal(admin.username()))))
                .andExpect(status().isOk())
                .andExpect(content().string(org.hamcrest.Matchers.containsString(op.username())))
                .andExpect(content().string(org.hamcrest.Matchers.containsString(team.name())))
                .andExpect(content().string(org.hamcrest.Matchers.containsString("Operator")));
    }

    @Test
    void createsUserWithArgon2HashAndShowsIt() throws Exception {
        String name = AccountsTestSupport.unique("newbie");
        mvc.perform(post("/admin/users")
                        .with(csrf())
                        .with(user(support.principal(admin.username())))
                        .param("username", name.toUpperCase())
                        .param("displayName", "New Bie")
                        .param("role", "AUDITOR")
                        .param("teamIds", String.valueOf(team.id()))
                        .param("password", "a long enough passphrase"))
                .andExpect(status().is3xxRedirection())
                .andExpect(redirectedUrlPattern("/admin/users/*"))
                .andExpect(flash().attribute("flash", "User " + name + " has been created."));
        UserAccount stored = users.findByUsername(name).orElseThrow();
        assertThat(stored.role()).isEqualTo(Role.AUDITOR);
        assertThat(stored.teamIds()).containsExactly(team.id());
        assertThat(stored.passwordHash()).startsWith("{argon2@SpringSecurity_v5_8}$argon2id$");
        assertThat(encoder.matches("a long enough passphrase", stored.passwordHash()))
                .isTrue();
    }

    @Test
    void refusesWeakPasswordAndDuplicateNameWithReasons() throws Exception {
        mvc.perform(post("/admin/users")
                        .with(csrf())
                        .with(user(support.principal(admin.username())))
                        .param("username", AccountsTestSupport.unique("weak"))
                        .param("role", "OPERATOR")
                        .param("password", "short"))
                .andExpect(status().isOk())
                .andExpect(content()
                        .string(org.hamcrest.Matchers.containsString(
                                "The password must have at least 12 characters.")));
        mvc.perform(post("/admin/users")
                        .with(csrf())
                        .with(user(support.principal(admin.username())))
                        .param("username", admin.username().toUpperCase())
                        .param("role", "OPERATOR")
                        .param("password", "a long enough passphrase"))
                .andExpect(status().isOk())
                .andExpect(content()
                        .string(org.hamcrest.Matchers.containsString(
                                "The user name " + admin.username() + " is already taken.")));
    }

    @Test
    void changesRoleTeamsAndDisablesUser() throws Exception {
        UserView op = support.user("changed", Role.OPERATOR, team);
        TeamRef other = support.team("other");
        mvc.perform(post("/admin/users/" + op.id())
                        .with(csrf())
                        .with(user(support.principal(admin.username())))
                        .param("displayName", "Changed")
                        .param("role", "AUDITOR")
                        .param("teamIds", String.valueOf(other.id())))
                .andExpect(status().is3xxRedirection());
        UserView after = support.reload(op.id());
        assertThat(after.role()).isEqualTo(Role.AUDITOR);
        assertThat(after.teams()).containsExactly(other);
        assertThat(after.enabled()).isFalse();
        // a disabled user cannot log in, even with the right password
        mvc.perform(post("/login")
                        .with(csrf())
                        .param("username", op.username())
                        .param("password", AccountsTestSupport.PASSWORD)
                        .with(r -> {
                            r.setRemoteAddr("192.0.2.77");
                            return r;
                        }))
                .andExpect(redirectedUrlPattern("/login?error*"));
    }

    @Test
    void generatedPasswordIsShownOnceAndWorks() throws Exception {
        UserView op = support.user("forgetful", Role.OPERATOR, team);
        MvcResult result = mvc.perform(post("/admin/users/" + op.id() + "/password")
                        .with(csrf())
                        .with(user(support.principal(admin.username())))
                        .param("mode", "generate"))
                .andExpect(status().is3xxRedirection())
                .andReturn();
        String generated = (String) result.getFlashMap().get("generatedPassword");
        assertThat(generated).hasSize(20);
        assertThat(encoder.matches(
                        generated, users.findById(op.id()).orElseThrow().passwordHash()))
                .isTrue();
        // the next page shows it; a later visit does not
        mvc.perform(get("/admin/users/" + op.id())
                        .with(user(support.principal(admin.username())))
                        .flashAttrs(result.getFlashMap()))
                .andExpect(content().string(org.hamcrest.Matchers.containsString(generated)));
        mvc.perform(get("/admin/users/" + op.id()).with(user(support.principal(admin.username()))))
                .andExpect(
                        content().string(org.hamcrest.Matchers.not(org.hamcrest.Matchers.containsString(generated))));
    }

    @Test
    void usersChangeTheirOwnPasswordOnlyWithTheCurrentOne() throws Exception {
        UserView op = support.user("self", Role.OPERATOR, team);
        mvc.perform(post("/account/password")
                        .with(csrf())
                        .with(user(support.principal(op.username())))
                        .param("currentPassword", "wrong password!")
                        .param("newPassword", "another long passphrase")
                        .param("confirmPassword", "another long passphrase"))
                .andExpect(status().isOk())
                .andExpect(
                        content().string(org.hamcrest.Matchers.containsString("The current password is not correct.")));
        mvc.perform(post("/account/password")
                        .with(csrf())
                        .with(user(support.principal(op.username())))
                        .param("currentPassword", AccountsTestSupport.PASSWORD)
                        .param("newPassword", "another long passphrase")
                        .param("confirmPassword", "another long passphrase"))
                .andExpect(status().is3xxRedirection())
                .andExpect(flash().attribute("flash", "Your password has been changed."));
        assertThat(encoder.matches(
                        "another long passphrase",
                        users.findById(op.id()).orElseThrow().passwordHash()))
                .isTrue();
    }

    @Test
    void refusesCommonlyUsedPasswordsWhereverAPasswordIsSet() throws Exception {
        String common = "This password is on a list of commonly used or breached passwords; choose another.";
        String name = AccountsTestSupport.unique("common");
        mvc.perform(post("/admin/users")
                        .with(csrf())
                        .with(user(support.principal(admin.username())))
                        .param("username", name)
                        .param("role", "OPERATOR")
                        .param("password", "Password1234"))
                .andExpect(status().isOk())
                .andExpect(content().string(org.hamcrest.Matchers.containsString(common)));
        assertThat(users.findByUsername(name)).isEmpty();
        mvc.perform(post("/api/v1/users")
                        .with(httpBasic(admin.username(), AccountsTestSupport.PASSWORD))
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("{\"username\":\"" + name + "\",\"role\":\"OPERATOR\",\"password\":\"qwerty123456\"}"))
                .andExpect(status().isUnprocessableContent())
                .andExpect(jsonPath("$.field").value("password"))
                .andExpect(jsonPath("$.detail").value(common));

        UserView op = support.user("commonreset", Role.OPERATOR, team);
        String before = users.findById(op.id()).orElseThrow().passwordHash();
        mvc.perform(post("/admin/users/" + op.id() + "/password")
                        .with(csrf())
                        .with(user(support.principal(admin.username())))
                        .param("mode", "set")
                        .param("newPassword", "1q2w3e4r5t6y"))
                .andExpect(status().isOk())
                .andExpect(content().string(org.hamcrest.Matchers.containsString(common)));
        mvc.perform(post("/account/password")
                        .with(csrf())
                        .with(user(support.principal(op.username())))
                        .param("currentPassword", AccountsTestSupport.PASSWORD)
                        .param("newPassword", " PASSWORDPASSWORD ")
                        .param("confirmPassword", " PASSWORDPASSWORD "))
                .andExpect(status().isOk())
                .andExpect(content().string(org.hamcrest.Matchers.containsString(common)));
        assertThat(users.findById(op.id()).orElseThrow().passwordHash()).isEqualTo(before);
    }

    @Test
    void operatorsCannotAdministerUsers() throws Exception {
        UserView op = support.user("sneaky", Role.OPERATOR, team);
        mvc.perform(get("/admin/users").with(user(support.principal(op.username()))))
                .andExpect(status().isForbidden());
        mvc.perform(post("/admin/users/" + op.id())
                        .with(csrf())
                        .with(user(support.principal(op.username())))
                        .param("role", "ADMIN")
                        .param("enabled", "true"))
                .andExpect(status().isForbidden());
        assertThat(support.reload(op.id()).role()).isEqualTo(Role.OPERATOR);
    }

    @Test
    void apiCreatesUsersForAdminsWithBasicAuthAndExplainsRefusals() throws Exception {
        support.userWithPassword(AccountsTestSupport.unique("apiadmin"), AccountsTestSupport.PASSWORD, Role.ADMIN);
        UserView apiAdmin = support.user("api", Role.ADMIN);
        String name = AccountsTestSupport.unique("viaapi");
        mvc.perform(post("/api/v1/users")
                        .with(httpBasic(apiAdmin.username(), AccountsTestSupport.PASSWORD))
                        .with(r -> {
                            r.setRemoteAddr("192.0.2.78");
                            return r;
                        })
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("{\"username\":\"" + name + "\",\"role\":\"OPERATOR\",\"teamIds\":[" + team.id()
                                + "],\"password\":\"a long enough passphrase\"}"))
                .andExpect(status().isCreated())
                .andExpect(jsonPath("$.username").value(name))
                .andExpect(jsonPath("$.teams[0].name").value(team.name()))
                .andExpect(jsonPath("$.passwordHash").doesNotExist());
        mvc.perform(post("/api/v1/users")
                        .with(httpBasic(apiAdmin.username(), AccountsTestSupport.PASSWORD))
                        .with(r -> {
                            r.setRemoteAddr("192.0.2.78");
                            return r;
                        })
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("{\"username\":\"x" + name + "\",\"role\":\"OPERATOR\",\"password\":\"short\"}"))
                .andExpect(status().isUnprocessableContent())
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.field").value("password"))
                .andExpect(jsonPath("$.detail").value("The password must have at least 12 characters."));
    }

    @Test
    void apiAnswersUnauthenticatedCallsWith401ProblemDetail() throws Exception {
        mvc.perform(get("/api/v1/users"))
                .andExpect(status().isUnauthorized())
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.status").value(401));
    }
}
