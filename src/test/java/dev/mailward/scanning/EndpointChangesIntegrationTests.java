package dev.mailward.scanning;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import dev.mailward.accounts.Role;
import dev.mailward.accounts.TeamRef;
import dev.mailward.accounts.UserView;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Endpoints that appear, disappear or change status are changes: a scan that finds a new MX host records
 * "endpoint appeared" with its status (the score dropped and the Changes page used to stay empty), a scan
 * that no longer finds one retires its results with "endpoint disappeared", and a scan whose MX lookup
 * failed retires nothing. A finished scan counts what it found.
 */
class EndpointChangesIntegrationTests extends ScanningTestSupport {

    /** A zone with the given MX hosts, each on 127.0.0.1 (the scripted open relay). */
    static void serveMx(String name, String... hosts) {
        StringBuilder z = new StringBuilder("""
                $ORIGIN %1$s.
                $TTL 300
                @ IN SOA ns1 hostmaster 1 3600 600 86400 300
                @ IN NS ns1
                ns1 IN A 127.0.0.1
                @ IN TXT "v=spf1 mx -all"
                _dmarc IN TXT "v=DMARC1; p=reject"
                """.formatted(name));
        int pref = 10;
        for (String h : hosts) {
            z.append("@ IN MX ").append(pref).append(' ').append(h).append(".\n");
            z.append(h).append(". IN A 127.0.0.1\n");
            pref += 10;
        }
        DNS.replaceZone(z.toString());
    }

    /** A zone whose name server answers the MX question with SERVFAIL (the zone is not served at all). */
    static void serveNothing(String name) {
        DNS.removeZone(name);
    }

    @Test
    void newFailingEndpointIsAChangeAndAVanishedOneIsRetired() throws Exception {
        TeamRef team = accounts.team("endp");
        UserView operator = user("op", Role.OPERATOR, team);
        String name = uniqueDomain("endpoints");
        String first = "mx1." + name;
        String second = "mx2." + name;
        serveMx(name, first);
        long id = domain(name, team, 1440, List.of());
        long scan1 = scanNow(id, operator);
        assertThat(targets(id)).contains(target(first)).doesNotContain(target(second));
        assertThat(changes(id)).isEmpty();

        // a second MX host appears; it is an open relay, so the domain gets worse
        serveMx(name, first, second);
        long scan2 = scanNow(id, operator);
        assertThat(targets(id)).contains(target(first), target(second));
        List<Map<String, Object>> appeared = changes(id).stream()
                .filter(c -> c.get("target").equals(target(second)))
                .toList();
        assertThat(appeared)
                .isNotEmpty()
                .allSatisfy(c -> assertThat(c.get("direction")).isEqualTo("APPEARED"))
                .anySatisfy(c -> {
                    assertThat(c.get("check_id")).isEqualTo("open-relay");
                    assertThat(c.get("new_status")).isEqualTo("FAIL");
                });
        String page = mvc.perform(get("/changes").param("domain", name).with(as(operator)))
                .andExpect(status().isOk())
                .andReturn()
                .getResponse()
                .getContentAsString();
        assertThat(page).contains(target(second)).contains("direction-APPEARED");
        // the dashboard's read model follows the change events: the new endpoint's certificate is seen
        await().atMost(Duration.ofSeconds(20))
                .until(() -> certificateTargets(id).contains(target(second)));

        // the scan counts the domain as worse, and its page links to the scan's changes
        Map<String, Object> item =
                jdbc.queryForMap("select worse, better, errors from scan_run_item where scan_run_id = ?", scan2);
        assertThat(((Number) item.get("worse")).intValue()).isPositive();
        String scanPage = mvc.perform(get("/scans/{id}", scan2).with(as(operator)))
                .andExpect(status().isOk())
                .andReturn()
                .getResponse()
                .getContentAsString();
        assertThat(scanPage).contains("/changes?scan=" + scan2);
        String ofScan = mvc.perform(
                        get("/changes").param("scan", Long.toString(scan2)).with(as(operator)))
                .andExpect(status().isOk())
                .andReturn()
                .getResponse()
                .getContentAsString();
        assertThat(ofScan).contains(target(second));
        String ofFirstScan = mvc.perform(
                        get("/changes").param("scan", Long.toString(scan1)).with(as(operator)))
                .andExpect(status().isOk())
                .andReturn()
                .getResponse()
                .getContentAsString();
        assertThat(ofFirstScan).doesNotContain(target(second));

        // an outage of the zone retires nothing
        serveNothing(name);
        scanNow(id, operator);
        assertThat(targets(id)).contains(target(first), target(second));
        assertThat(changes(id)).noneMatch(c -> c.get("direction").equals("DISAPPEARED"));

        // the first host goes away: its results are no longer current, and that is a change
        serveMx(name, second);
        scanNow(id, operator);
        assertThat(targets(id)).contains(target(second)).doesNotContain(target(first));
        assertThat(changes(id).stream().filter(c -> c.get("target").equals(target(first))))
                .isNotEmpty()
                .allSatisfy(c -> assertThat(c.get("direction")).isEqualTo("DISAPPEARED"));
        String gone = mvc.perform(get("/changes")
                        .param("domain", name)
                        .param("direction", "DISAPPEARED")
                        .with(as(operator)))
                .andExpect(status().isOk())
                .andReturn()
                .getResponse()
                .getContentAsString();
        assertThat(gone).contains(target(first)).contains("direction-DISAPPEARED");
        // and the dashboard no longer counts the vanished endpoint
        await().atMost(Duration.ofSeconds(20))
                .until(() -> !certificateTargets(id).contains(target(first))
                        && certificateTargets(id).contains(target(second)));
    }

    private long scanNow(long id, UserView user) throws Exception {
        String location = mvc.perform(post("/scans")
                        .param("scope", "domains")
                        .param("domainId", Long.toString(id))
                        .with(as(user))
                        .with(csrf()))
                .andExpect(status().is3xxRedirection())
                .andReturn()
                .getResponse()
                .getRedirectedUrl();
        long run = Long.parseLong(location.substring(location.lastIndexOf('/') + 1));
        await().atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(200))
                .until(() -> jdbc.queryForObject(
                                "select count(*) from scan_run_item where scan_run_id = ? and state = 'DONE'",
                                Integer.class,
                                run)
                        == 1);
        return run;
    }

    private String target(String host) {
        return host + ":" + SMTP.port();
    }

    private List<String> targets(long id) {
        return jdbc.queryForList("select distinct target from current_result where domain_id = ?", String.class, id);
    }

    private List<String> certificateTargets(long id) {
        return jdbc.queryForList("select distinct target from certificate_seen where domain_id = ?", String.class, id);
    }

    private List<Map<String, Object>> changes(long id) {
        return jdbc.queryForList(
                "select check_id, target, direction, old_status, new_status from change_event where domain_id = ? "
                        + "order by id",
                id);
    }
}
