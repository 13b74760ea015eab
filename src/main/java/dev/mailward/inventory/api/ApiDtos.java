package dev.mailward.inventory.api;

import dev.mailward.inventory.DomainDetails;
import dev.mailward.inventory.DomainSummary;
import dev.mailward.inventory.ImportReport;
import dev.mailward.inventory.MailServerDetails;
import dev.mailward.inventory.MailServerSummary;
import dev.mailward.inventory.PageOf;
import java.time.Instant;
import java.util.List;
import java.util.function.Function;

/** The JSON shapes of {@code /api/v1/domains} and {@code /api/v1/servers}. */
final class ApiDtos {

    private ApiDtos() {}

    /** Body of POST /api/v1/domains. */
    record CreateDomainRequest(
            String name,
            Long teamId,
            List<String> tags,
            List<String> dkimSelectors,
            Integer checkIntervalMinutes,
            String notes) {}

    /** Body of PUT /api/v1/domains/{id}. */
    record UpdateDomainRequest(
            Long teamId, List<String> tags, List<String> dkimSelectors, Integer checkIntervalMinutes, String notes) {}

    /** Body of POST /api/v1/servers/{id}/endpoints. */
    record EndpointRequest(String role, Integer port) {}

    record PageDto<T>(List<T> items, int page, int pageSize, long total, int totalPages) {
        static <S, T> PageDto<T> of(PageOf<S> page, Function<S, T> map) {
            return new PageDto<>(
                    page.items().stream().map(map).toList(),
                    page.page(),
                    page.pageSize(),
                    page.total(),
                    page.totalPages());
        }
    }

    /** A domain of the list; {@code warnings}: what the name may hide, e.g. {@code mixed-script}. */
    record DomainDto(
            long id,
            String name,
            String unicodeName,
            long teamId,
            String team,
            List<String> tags,
            String discoveryStatus,
            int mailServers,
            List<String> warnings) {
        static DomainDto of(DomainSummary d) {
            return new DomainDto(
                    d.id(),
                    d.name(),
                    d.displayName(),
                    d.teamId(),
                    d.teamName(),
                    d.tags(),
                    d.discoveryStatus().name(),
                    d.mailServers(),
                    d.warnings());
        }
    }

    record EndpointDto(String role, int port, String source) {
        static EndpointDto of(DomainDetails.Endpoint e) {
            return new EndpointDto(e.role().name(), e.port(), e.source().name());
        }
    }

    record ServedByDto(
            long serverId,
            String hostname,
            String role,
            int preference,
            List<String> addresses,
            List<EndpointDto> endpoints) {}

    record DomainDetailsDto(
            long id,
            String name,
            String unicodeName,
            long teamId,
            String team,
            List<String> tags,
            List<String> dkimSelectors,
            int checkIntervalMinutes,
            String notes,
            Instant createdAt,
            String createdBy,
            String discoveryStatus,
            Instant discoveredAt,
            String discoveryMessage,
            boolean nullMx,
            List<ServedByDto> mailServers,
            List<String> warnings) {
        static DomainDetailsDto of(DomainDetails d) {
            return new DomainDetailsDto(
                    d.id(),
                    d.name(),
                    d.displayName(),
                    d.teamId(),
                    d.teamName(),
                    d.tags(),
                    d.dkimSelectors(),
                    d.checkIntervalMinutes(),
                    d.notes(),
                    d.createdAt(),
                    d.createdBy(),
                    d.discoveryStatus().name(),
                    d.discoveredAt().orElse(null),
                    d.discoveryMessage(),
                    d.nullMx(),
                    d.mailServers().stream()
                            .map(s -> new ServedByDto(
                                    s.serverId(),
                                    s.hostname(),
                                    s.role().name(),
                                    s.preference(),
                                    s.addresses(),
                                    s.endpoints().stream().map(EndpointDto::of).toList()))
                            .toList(),
                    d.warnings());
        }
    }

    record ImportErrorDto(int line, String input, String reason) {}

    record ImportResultDto(int imported, List<Long> ids, List<ImportErrorDto> errors) {
        static ImportResultDto of(ImportReport r) {
            return new ImportResultDto(
                    r.imported(),
                    r.importedIds(),
                    r.errors().stream()
                            .map(e -> new ImportErrorDto(e.line(), e.input(), e.reason()))
                            .toList());
        }
    }

    record ServerDto(
            long id,
            String hostname,
            long teamId,
            String team,
            boolean discovered,
            int addresses,
            int endpoints,
            int domains) {
        static ServerDto of(MailServerSummary s) {
            return new ServerDto(
                    s.id(),
                    s.hostname(),
                    s.teamId(),
                    s.teamName(),
                    s.discovered(),
                    s.addresses(),
                    s.endpoints(),
                    s.domains());
        }
    }

    record AddressDto(String address, String family) {}

    record ServedDomainDto(long domainId, String name, String role, int preference) {}

    record ServerDetailsDto(
            long id,
            String hostname,
            long teamId,
            String team,
            boolean discovered,
            String notes,
            List<AddressDto> addresses,
            List<EndpointDto> endpoints,
            List<ServedDomainDto> domains) {
        static ServerDetailsDto of(MailServerDetails s) {
            return new ServerDetailsDto(
                    s.id(),
                    s.hostname(),
                    s.teamId(),
                    s.teamName(),
                    s.discovered(),
                    s.notes(),
                    s.addresses().stream()
                            .map(a -> new AddressDto(a.address(), a.family()))
                            .toList(),
                    s.endpoints().stream().map(EndpointDto::of).toList(),
                    s.domains().stream()
                            .map(d -> new ServedDomainDto(
                                    d.domainId(), d.name(), d.role().name(), d.preference()))
                            .toList());
        }
    }
}
