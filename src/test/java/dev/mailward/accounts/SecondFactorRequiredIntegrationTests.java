package dev.mailward.accounts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.httpBasic;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrl;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import dev.mailward.MailwardIntegrationTest;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.mock.web.MockHttpSession;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;

/**
 * {@code mailward.accounts.second-factor.required=ADMINS} (a context of its own): an ADMIN without a second
 * factor, signed in with the password, is led to the enrolment page from every page but the enrolment itself,
 * sign-out, the login and error pages and the static files; once enrolled, the pages open. Another role is not
 * asked. Real form logins and sessions.
 */
@MailwardIntegrationTest
@TestPropertySource(properties = "mailward.accounts.second-factor.required=ADMINS")
class SecondFactorRequiredIntegrationTests {

    private static final AtomicInteger ADDRESSES = new AtomicInteger(1);
    private static final String ENROL = "/account/second-factor";

    /** Console pages of every area, reached with GET. */
    private static final List<String> PAGES = List.of(
            "/dashboard",
            "/domains",
            "/scans",
            "/audit",
            "/reports",
            "/notifications",
            "/admin/users",
            "/account",
            "/account/tokens");

    @Autowired
    MockMvc mvc;

    @Autowired
    AccountsTestSupport support;

    @Autowired
    SecondFactorService service;

    @Autowired
    PasskeyTestSupport passkeys;

    private MockHttpSession login(UserView u) throws Exception {
        int n = ADDRESSES.getAndIncrement();
        MvcResult result = mvc.perform(post("/login")
                        .with(csrf())
                        .param("username", u.username())
                        .param("password", AccountsTestSupport.PASSWORD)
                        .with(r -> {
                            r.setRemoteAddr("10.93." + (n / 250) + "." + (n % 250 + 1));
                            return r;
                        }))
                .andExpect(redirectedUrl("/"))
                .andReturn();
        return (MockHttpSession) result.getRequest().getSession(false);
    }

    @Test
    void anAdminWithoutASecondFactorIsLedToEnrolFromEveryPageUntilEnrolled() throws Exception {
        UserView admin = support.user("must-enrol", Role.ADMIN);
        MockHttpSession session = login(admin);

        for (String page : PAGES) {
            mvc.perform(get(page).session(session)).andExpect(redirectedUrl(ENROL));
        }
        // a change by form, too
        mvc.perform(post("/account/password")
                        .session(session)
                        .with(csrf())
                        .param("currentPassword", AccountsTestSupport.PASSWORD)
                        .param("newPassword", "another long passphrase 42")
                        .param("confirmPassword", "another long passphrase 42"))
                .andExpect(redirectedUrl(ENROL));
        // open: the enrolment page (saying why), the error page, the static files
        String enrolPage = mvc.perform(get(ENROL).session(session))
                .andExpect(status().isOk())
                .andReturn()
                .getResponse()
                .getContentAsString();
        assertThat(enrolPage).contains("id=\"second-factor-required\"");
        mvc.perform(get("/error").session(session))
                .andExpect(r -> assertThat(r.getResponse().getRedirectedUrl()).isNull());
        mvc.perform(get("/css/mailward.css").session(session)).andExpect(status().isOk());
        mvc.perform(get("/js/nav.js").session(session)).andExpect(status().isOk());
        mvc.perform(get("/login").session(session))
                .andExpect(r -> assertThat(r.getResponse().getRedirectedUrl()).isNotEqualTo(ENROL));

        // enrolment through its forms
        mvc.perform(post(ENROL + "/start").session(session).with(csrf())).andExpect(redirectedUrl(ENROL));
        mvc.perform(get(ENROL + "/qr.svg").session(session)).andExpect(status().isOk());
        String secret = service.pendingEnrolment(admin.id(), admin.username())
                .orElseThrow()
                .secret();
        String code = Totp.format(
                Totp.code(Totp.fromBase32(secret), Math.floorDiv(Instant.now().getEpochSecond(), Totp.STEP_SECONDS)));
        mvc.perform(post(ENROL + "/confirm").session(session).with(csrf()).param("code", code))
                .andExpect(redirectedUrl(ENROL));

        for (String page : PAGES) {
            mvc.perform(get(page).session(session)).andExpect(status().isOk());
        }

        // sign-out stays open (it ends the session)
        mvc.perform(post("/logout").session(session).with(csrf()))
                .andExpect(r -> assertThat(r.getResponse().getRedirectedUrl()).startsWith("/login"));
    }

    @Test
    void aPasskeyIsASecondFactorToo() throws Exception {
        UserView admin = support.user("must-enrol-passkey", Role.ADMIN);
        MockHttpSession session = login(admin);
        mvc.perform(get("/dashboard").session(session)).andExpect(redirectedUrl(ENROL));
        // the enrolment page offers a passkey instead; its page and Spring Security's ceremony stay open
        assertThat(mvc.perform(get(ENROL).session(session))
                        .andReturn()
                        .getResponse()
                        .getContentAsString())
                .contains("/account/passkeys");
        mvc.perform(get("/account/passkeys").session(session)).andExpect(status().isOk());
        mvc.perform(post("/webauthn/register/options").session(session).with(csrf()))
                .andExpect(status().isOk());
        passkeys.register(admin, "Security key");
        for (String page : PAGES) {
            mvc.perform(get(page).session(session)).andExpect(status().isOk());
        }
    }

    @Test
    void signOutStaysOpenWhileTheFactorIsMissing() throws Exception {
        MockHttpSession session = login(support.user("must-enrol-out", Role.ADMIN));
        mvc.perform(post("/logout").session(session).with(csrf())).andExpect(redirectedUrl("/login?logout"));
        assertThat(session.isInvalid()).isTrue();
    }

    @Test
    void anotherRoleIsNotAsked() throws Exception {
        MockHttpSession session = login(support.user("need-not-enrol", Role.OPERATOR));
        for (String page : List.of("/dashboard", "/domains", "/account")) {
            mvc.perform(get(page).session(session)).andExpect(status().isOk());
        }
        mvc.perform(get(ENROL).session(session)).andExpect(status().isOk());
    }

    @Test
    void aPasswordAloneDoesNotOpenTheApiToAnAccountThatMustEnrolFirst() throws Exception {
        UserView admin = support.user("must-enrol-api", Role.ADMIN);
        mvc.perform(get("/api/v1/domains").with(httpBasic(admin.username(), AccountsTestSupport.PASSWORD)))
                .andExpect(status().isForbidden());
        UserView operator = support.user("need-not-enrol-api", Role.OPERATOR);
        mvc.perform(get("/api/v1/domains").with(httpBasic(operator.username(), AccountsTestSupport.PASSWORD)))
                .andExpect(status().isOk());
    }
}
