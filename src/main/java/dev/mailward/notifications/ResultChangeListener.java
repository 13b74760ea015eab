package dev.mailward.notifications;

import dev.mailward.results.ChangeDirection;
import dev.mailward.results.ResultChanged;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Turns a confirmed change into an outbox entry, synchronously, inside the transaction that records the
 * result ({@code results.Results#record} publishes {@link ResultChanged} there): the event and its deliveries
 * commit or roll back with the result, so a console that stops between recording and sending sends after its
 * restart, and one that fails to record sends nothing. (Spring Modulith's event publication registry would
 * also survive a crash, but it hands the event to the listener after the commit and retries the whole
 * listener; here each channel's delivery has its own retries and dead-letter state, which the registry does
 * not keep.)
 *
 * <p>A change for the worse is a {@link NotificationKind#REGRESSION} ({@link NotificationKind#TLSA_MISMATCH}
 * when the {@code dane} result now says no TLSA record matches); for the better a
 * {@link NotificationKind#RECOVERY}. Regressions arrive here confirmed: the scanner observes a worse family
 * once more before it records ({@code scanning.DomainScanner#confirmRegressions}). A change of codes or DNS
 * data with the status unchanged is no message. The codes, mitigation and evidence line are read from the
 * result just recorded ({@code results_current_v}), never checked again.
 */
@Component
class ResultChangeListener {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final Outbox outbox;
    private final JdbcClient jdbc;

    ResultChangeListener(Outbox outbox, JdbcClient jdbc) {
        this.outbox = outbox;
        this.jdbc = jdbc;
    }

    @EventListener
    void on(ResultChanged change) {
        if (change.direction() == ChangeDirection.CHANGED) {
            return;
        }
        Optional<Outbox.DomainInfo> domain = outbox.domain(change.domainId());
        if (domain.isEmpty()) {
            return;
        }
        Recorded now = recorded(change.domainId(), change.check(), change.target());
        NotificationKind kind = change.direction() == ChangeDirection.BETTER
                ? NotificationKind.RECOVERY
                : change.check().equals("dane") && now.codes().contains("DANE_NO_MATCH")
                        ? NotificationKind.TLSA_MISMATCH
                        : NotificationKind.REGRESSION;
        outbox.publish(
                new NotificationEvent(
                        0,
                        kind,
                        domain.get().teamId(),
                        change.domainId(),
                        change.domain(),
                        change.check(),
                        change.target(),
                        change.from().name(),
                        change.to().name(),
                        now.codes(),
                        now.mitigation(),
                        now.evidence(),
                        change.detectedAt(),
                        change.detectedAt(),
                        change.changeId()),
                domain.get().tags());
    }

    /** What the recorded result says: its finding codes, first mitigation and the evidence in one line. */
    record Recorded(List<String> codes, String mitigation, String evidence) {}

    Recorded recorded(long domainId, String check, String target) {
        Optional<Map<String, Object>> row = jdbc.sql("select findings::text as f, evidence::text as e "
                        + "from results_current_v where domain_id = :d and check_id = :c and target = :t")
                .param("d", domainId)
                .param("c", check)
                .param("t", target)
                .query((rs, n) -> Map.<String, Object>of("f", rs.getString("f"), "e", rs.getString("e")))
                .optional();
        if (row.isEmpty()) {
            return new Recorded(List.of(), null, "");
        }
        return describe(JSON.readTree((String) row.get().get("f")), JSON.readTree((String)
                row.get().get("e")));
    }

    /**
     * The codes of the findings, the mitigation and message of the first finding that is not passing (else of
     * the first), and the first DNS answer the check saw: the evidence in one line.
     */
    static Recorded describe(JsonNode findings, JsonNode evidence) {
        List<String> codes = new ArrayList<>();
        JsonNode first = null;
        for (JsonNode f : findings) {
            codes.add(f.path("code").asString(""));
            String status = f.path("status").asString("");
            if (first == null && !status.equals("PASS") && !status.equals("NOT_APPLICABLE")) {
                first = f;
            }
        }
        if (first == null && !findings.isEmpty()) {
            first = findings.get(0);
        }
        StringBuilder line = new StringBuilder();
        String mitigation = null;
        if (first != null) {
            line.append(first.path("message").asString(""));
            String m = first.path("mitigation").asString("");
            mitigation = m.isEmpty() ? null : m;
        }
        JsonNode dns = evidence.path("dns");
        if (dns.isArray() && !dns.isEmpty()) {
            JsonNode a = dns.get(0);
            StringBuilder d = new StringBuilder();
            d.append(a.path("name").asString(""))
                    .append(' ')
                    .append(a.path("type").asString(""));
            d.append(' ').append(a.path("outcome").asString(""));
            JsonNode records = a.path("records");
            if (records.isArray() && !records.isEmpty()) {
                d.append(": ").append(records.get(0).path("data").asString(""));
                if (records.size() > 1) {
                    d.append(" (+").append(records.size() - 1).append(')');
                }
            }
            line.append(line.isEmpty() ? "" : " — ").append(d);
        }
        String oneLine = line.toString().replaceAll("[\\r\\n\\t]+", " ").strip();
        if (oneLine.length() > 500) {
            oneLine = oneLine.substring(0, 499) + "…";
        }
        return new Recorded(List.copyOf(codes), mitigation, oneLine);
    }
}
