package dev.mailward.inventory;

import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.delete;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import dev.mailward.accounts.Role;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.RequestPostProcessor;

@AutoConfigureMockMvc
class DomainsApiIntegrationTests extends InventoryTestSupport {

    @Autowired
    MockMvc mvc;

    private long teamId;
    private String operator;
    private String auditor;
    private String outsider;
    private String domain;

    @BeforeEach
    void setUp() {
        teamId = team(unique("api"));
        long other = team(unique("api-other"));
        operator = user(unique("apiop"), Role.OPERATOR, teamId);
        auditor = user(unique("apiaud"), Role.AUDITOR, teamId);
        outsider = user(unique("apiout"), Role.OPERATOR, other);
        domain = unique("api") + ".test";
        DNS.addZone("$ORIGIN " + domain + ".\n@ 300 IN SOA ns1 h 1 3600 600 86400 60\n@ 300 IN NS ns1\n"
                + "ns1 300 IN A 192.0.2.1\n@ 300 IN MX 10 mx\nmx 300 IN A 192.0.2.2\n"
                + "_imaps._tcp 300 IN SRV 0 1 993 mx\n");
    }

    private RequestPostProcessor as(String username) {
        return org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user(
                users.loadUserByUsername(username));
    }

    private long create() throws Exception {
        String body = mvc.perform(post("/api/v1/domains")
                        .with(as(operator))
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("{\"name\":\"" + domain.toUpperCase() + ".\",\"teamId\":" + teamId
                                + ",\"tags\":[\"Prod\"],\"dkimSelectors\":[\"s1\"]}"))
                .andExpect(status().isCreated())
                .andExpect(header().exists("Location"))
                .andExpect(jsonPath("$.name").value(domain))
                .andExpect(jsonPath("$.tags[0]").value("prod"))
                .andExpect(jsonPath("$.discoveryStatus").value("MX_FOUND"))
                .andExpect(jsonPath("$.mailServers[0].hostname").value("mx." + domain))
                .andExpect(jsonPath("$.mailServers[0].endpoints[?(@.role == 'IMAPS')].port")
                        .value(993))
                .andReturn()
                .getResponse()
                .getContentAsString();
        return Long.parseLong(body.replaceAll("(?s)^\\{\"id\":(\\d+),.*", "$1"));
    }

    @Test
    void createsReadsUpdatesRediscoversAndDeletesADomain() throws Exception {
        long id = create();
        mvc.perform(get("/api/v1/domains").param("q", domain).with(as(auditor)))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.total").value(1))
                .andExpect(jsonPath("$.items[0].id").value(id));
        mvc.perform(put("/api/v1/domains/" + id)
                        .with(as(operator))
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("{\"teamId\":" + teamId + ",\"tags\":[\"eu\"],\"checkIntervalMinutes\":60}"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.tags[0]").value("eu"))
                .andExpect(jsonPath("$.checkIntervalMinutes").value(60));
        mvc.perform(post("/api/v1/domains/" + id + "/discover").with(as(operator)))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.discoveryStatus").value("MX_FOUND"));
        mvc.perform(delete("/api/v1/domains/" + id).with(as(operator))).andExpect(status().isNoContent());
        mvc.perform(get("/api/v1/domains/" + id).with(as(operator))).andExpect(status().isNotFound());
    }

    @Test
    void invalidInputIsAProblemDetailNamingTheField() throws Exception {
        mvc.perform(post("/api/v1/domains")
                        .with(as(operator))
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("{\"name\":\"exa mple.org\",\"teamId\":" + teamId + "}"))
                .andExpect(status().isBadRequest())
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.field").value("name"))
                .andExpect(jsonPath("$.detail")
                        .value("'exa mple.org' contains the illegal character U+0020 SPACE at position 4"));
        mvc.perform(post("/api/v1/domains")
                        .with(as(operator))
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("{\"name\":\"" + domain + "\"}"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.field").value("teamId"));
        mvc.perform(post("/api/v1/domains")
                        .with(as(operator))
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("{\"name\":\"" + domain + "\",\"teamId\":" + teamId + ",\"checkIntervalMinutes\":1}"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.field").value("checkIntervalMinutes"));
    }

    @Test
    void otherTeamGets404AndAuditorGets403() throws Exception {
        long id = create();
        mvc.perform(get("/api/v1/domains/" + id).with(as(outsider))).andExpect(status().isNotFound());
        mvc.perform(delete("/api/v1/domains/" + id).with(as(outsider))).andExpect(status().isNotFound());
        mvc.perform(delete("/api/v1/domains/" + id).with(as(auditor))).andExpect(status().isForbidden());
        mvc.perform(get("/api/v1/domains/" + id).with(as(auditor))).andExpect(status().isOk());
    }

    @Test
    void importsPlainTextAndReportsLinesWithReasons() throws Exception {
        String p = unique("apiimp");
        mvc.perform(post("/api/v1/domains/import")
                        .param("team", String.valueOf(teamId))
                        .with(as(operator))
                        .contentType(MediaType.TEXT_PLAIN)
                        .content(p + "-1.test\n-bad.test\n" + p + "-1.test\n"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.imported").value(1))
                .andExpect(jsonPath("$.errors[0].line").value(2))
                .andExpect(jsonPath("$.errors[0].reason").value("label '-bad' starts or ends with a hyphen"))
                .andExpect(jsonPath("$.errors[1].line").value(3))
                .andExpect(jsonPath("$.errors[1].reason").value(p + "-1.test is a duplicate of line 1"));
    }

    @Test
    void serversApiListsEndpointsAndAcceptsManualOnes() throws Exception {
        long id = create();
        loginAs(operator);
        long serverId = inventory.domain(id).mailServers().getFirst().serverId();
        mvc.perform(post("/api/v1/servers/" + serverId + "/endpoints")
                        .with(as(operator))
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("{\"role\":\"submission\"}"))
                .andExpect(status().isCreated())
                .andExpect(jsonPath("$.endpoints[?(@.role == 'SUBMISSION')].source")
                        .value("MANUAL"));
        mvc.perform(post("/api/v1/servers/" + serverId + "/endpoints")
                        .with(as(operator))
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("{\"role\":\"SMTP\"}"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.field").value("role"));
        mvc.perform(get("/api/v1/servers/" + serverId).with(as(outsider))).andExpect(status().isNotFound());
    }
}
