package dev.mailward.accounts;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.matchesPattern;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrl;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import dev.mailward.MailwardIntegrationTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.mock.web.MockHttpSession;
import org.springframework.test.web.servlet.MockMvc;

/** A typed or bookmarked {@code /logout} (GET) shows a sign-out page whose button POSTs with the CSRF token. */
@MailwardIntegrationTest
class SignOutPageIntegrationTests {

    @Autowired
    MockMvc mvc;

    @Autowired
    AccountsTestSupport support;

    @Test
    void getLogoutShowsAFormThatSignsOutWithAPost() throws Exception {
        UserView user = support.user("signout", Role.AUDITOR);
        MockHttpSession session = (MockHttpSession) mvc.perform(post("/login")
                        .with(csrf())
                        .param("username", user.username())
                        .param("password", AccountsTestSupport.PASSWORD)
                        .with(r -> {
                            r.setRemoteAddr("10.90.0.1");
                            return r;
                        }))
                .andExpect(redirectedUrl("/"))
                .andReturn()
                .getRequest()
                .getSession(false);

        mvc.perform(get("/logout").session(session))
                .andExpect(status().isOk())
                .andExpect(content().string(containsString("<title>Sign out")))
                .andExpect(content()
                        .string(matchesPattern(
                                "(?s).*<form id=\"logout-form\"[^>]*method=\"post\" action=\"/logout\">\\s*"
                                        + "<input type=\"hidden\" name=\"_csrf\" value=\"[^\"]+\"/>.*")));
        // still signed in: showing the page signs nobody out
        mvc.perform(get("/account").session(session)).andExpect(status().isOk());
        mvc.perform(post("/logout").session(session).with(csrf())).andExpect(redirectedUrl("/login?logout"));
        mvc.perform(get("/account").session(session)).andExpect(status().is3xxRedirection());
        // signed out already: the sign-in page
        mvc.perform(get("/logout")).andExpect(redirectedUrl("/login"));
    }
}
