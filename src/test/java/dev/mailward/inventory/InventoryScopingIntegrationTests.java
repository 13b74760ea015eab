package dev.mailward.inventory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mailward.accounts.Role;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.security.access.AccessDeniedException;

class InventoryScopingIntegrationTests extends InventoryTestSupport {

    private long red;
    private long blue;
    private long redDomain;
    private String redName;
    private String redOperator;
    private String blueOperator;
    private String redAuditor;

    @BeforeEach
    void twoTeams() {
        red = team(unique("red"));
        blue = team(unique("blue"));
        redOperator = user(unique("rop"), Role.OPERATOR, red);
        blueOperator = user(unique("bop"), Role.OPERATOR, blue);
        redAuditor = user(unique("raud"), Role.AUDITOR, red);
        redName = unique("scoped") + ".test";
        DNS.addZone("$ORIGIN " + redName + ".\n@ 300 IN SOA ns1 h 1 3600 600 86400 60\n@ 300 IN NS ns1\n"
                + "ns1 300 IN A 192.0.2.1\n@ 300 IN MX 10 mx\nmx 300 IN A 192.0.2.2\n");
        loginAs(redOperator);
        redDomain = inventory
                .addDomain(new AddDomain(redName, red, List.of("secret"), List.of(), 1440, ""))
                .id();
    }

    @Test
    void otherTeamSeesNothingInListsSearchOrTags() {
        loginAs(blueOperator);
        assertThat(inventory.domains(DomainQuery.all()).items())
                .extracting(DomainSummary::name)
                .doesNotContain(redName);
        assertThat(inventory
                        .domains(new DomainQuery(Optional.of(redName), Optional.empty(), Optional.empty(), 0))
                        .total())
                .isZero();
        assertThat(inventory
                        .domains(new DomainQuery(Optional.empty(), Optional.of(red), Optional.empty(), 0))
                        .total())
                .isZero();
        assertThat(inventory.servers(Optional.of("mx." + redName), 0).total()).isZero();
        assertThat(inventory.visibleTeams()).extracting(t -> t.id()).doesNotContain(red);
    }

    @Test
    void otherTeamsIdsAreNotFoundNotForbidden() {
        long serverId = inventory.domain(redDomain).mailServers().getFirst().serverId();
        loginAs(blueOperator);
        assertThatThrownBy(() -> inventory.domain(redDomain)).isInstanceOf(InventoryNotFoundException.class);
        assertThatThrownBy(() -> inventory.server(serverId)).isInstanceOf(InventoryNotFoundException.class);
        assertThatThrownBy(() -> inventory.removeDomain(redDomain)).isInstanceOf(InventoryNotFoundException.class);
        assertThatThrownBy(() -> inventory.rediscover(redDomain)).isInstanceOf(InventoryNotFoundException.class);
        assertThatThrownBy(() ->
                        inventory.addDomain(new AddDomain(unique("x") + ".test", red, List.of(), List.of(), 1440, "")))
                .isInstanceOf(InventoryValidationException.class)
                .hasMessageContaining("unknown team");
    }

    @Test
    void auditorReadsButCannotChange() {
        loginAs(redAuditor);
        assertThat(inventory.domain(redDomain).name()).isEqualTo(redName);
        assertThatThrownBy(() -> inventory.writableTeams()).isInstanceOf(AccessDeniedException.class);
        assertThatThrownBy(() -> inventory.removeDomain(redDomain)).isInstanceOf(AccessDeniedException.class);
        assertThatThrownBy(() -> inventory.rediscover(redDomain)).isInstanceOf(AccessDeniedException.class);
        assertThatThrownBy(() -> inventory.importDomains("a.test".getBytes(StandardCharsets.UTF_8), Optional.of(red)))
                .isInstanceOf(AccessDeniedException.class);
    }

    @Test
    void importRefusesTeamsOutsideTheScopeByLine() {
        loginAs(blueOperator);
        String mine = unique("mine") + ".test";
        String csv = "domain,team\n" + mine + ",\n" + unique("theirs") + ".test," + "nosuchteam\n";
        ImportReport report = inventory.importDomains(csv.getBytes(StandardCharsets.UTF_8), Optional.of(blue));
        assertThat(report.imported()).isEqualTo(1);
        assertThat(report.errors()).singleElement().satisfies(e -> {
            assertThat(e.line()).isEqualTo(3);
            assertThat(e.reason()).contains("unknown team 'nosuchteam'");
        });
    }

    @Test
    void adminSeesEveryTeam() {
        asAdmin();
        assertThat(inventory.domain(redDomain).teamId()).isEqualTo(red);
        assertThat(inventory
                        .domains(new DomainQuery(Optional.of(redName), Optional.empty(), Optional.empty(), 0))
                        .total())
                .isEqualTo(1);
    }
}
