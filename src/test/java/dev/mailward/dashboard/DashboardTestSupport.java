package dev.mailward.dashboard;

import dev.mailward.MailwardIntegrationTest;
import dev.mailward.accounts.AccountsTestSupport;
import dev.mailward.accounts.UserView;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.RequestPostProcessor;

/**
 * Base of the dashboard tests: one context (a real server on a random port, for the browser tests, and
 * MockMvc) on the shared embedded PostgreSQL. The background refresh is off: tests refresh the domains
 * they seeded, so that what a page shows does not depend on timing.
 */
@MailwardIntegrationTest
abstract class DashboardTestSupport {

    @Autowired
    MockMvc mvc;

    @Autowired
    AccountsTestSupport accounts;

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    ScoreRefresher refresher;

    DashboardSeed seed() {
        return new DashboardSeed(jdbc);
    }

    static String unique(String prefix) {
        return AccountsTestSupport.unique(prefix).toLowerCase(java.util.Locale.ROOT) + ".test";
    }

    RequestPostProcessor as(UserView user) {
        return SecurityMockMvcRequestPostProcessors.user(accounts.principal(user.username()));
    }
}
