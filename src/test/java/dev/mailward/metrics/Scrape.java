package dev.mailward.metrics;

import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.httpBasic;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;

import dev.mailward.accounts.AccountsTestSupport;
import dev.mailward.accounts.Role;
import dev.mailward.accounts.UserView;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.Set;
import java.util.TreeSet;
import org.springframework.test.web.servlet.MockMvc;

/** One scrape of {@code /actuator/prometheus} as an ADMIN (HTTP Basic), read as Prometheus' text format. */
record Scrape(String text) {

    static Scrape asAdmin(MockMvc mvc, AccountsTestSupport accounts) throws Exception {
        UserView admin = accounts.user("scraper", Role.ADMIN);
        var response = mvc.perform(
                        get("/actuator/prometheus").with(httpBasic(admin.username(), AccountsTestSupport.PASSWORD)))
                .andReturn()
                .getResponse();
        if (response.getStatus() != 200) {
            throw new AssertionError("scrape answered " + response.getStatus());
        }
        return new Scrape(response.getContentAsString());
    }

    /** Series lines (no comments): series text (name and labels) → value. */
    Map<String, Double> series() {
        Map<String, Double> out = new LinkedHashMap<>();
        for (String line : text.split("\n")) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            int space = line.lastIndexOf(' ');
            out.put(line.substring(0, space), Double.parseDouble(line.substring(space + 1)));
        }
        return out;
    }

    /** Names of the metrics that have at least one series. */
    Set<String> names() {
        Set<String> out = new TreeSet<>();
        for (String s : series().keySet()) {
            int brace = s.indexOf('{');
            out.add(brace < 0 ? s : s.substring(0, brace));
        }
        return out;
    }

    /** The value of the series written exactly as {@code series}, e.g. {@code a_total{outcome="ok"}}. */
    OptionalDouble value(String series) {
        Double v = series().get(series);
        return v == null ? OptionalDouble.empty() : OptionalDouble.of(v);
    }
}
