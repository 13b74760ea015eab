package dev.mailward.probe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class EndpointSpecTests {

    @Test
    void parsesConfiguredEndpoints() {
        assertThat(EndpointSpec.parse("mail.example.org:587").protocol()).isEqualTo(Protocol.SUBMISSION);
        assertThat(EndpointSpec.parse("127.0.0.1:2525/smtp").literal()).isPresent();
        assertThat(EndpointSpec.parse("[::1]:993").protocol()).isEqualTo(Protocol.IMAPS);
        assertThat(EndpointSpec.parse("[::1]:993").target()).isEqualTo("::1:993");
        assertThat(EndpointSpec.parse("Mail.Example.org:4190/sieve").host()).isEqualTo("mail.example.org");
        assertThat(EndpointSpec.parse("mail.example.org:587").origin()).isEqualTo(EndpointOrigin.CONFIGURED);
        assertThat(EndpointSpec.parse("mail.example.org:587").literal()).isEmpty();
        assertThatThrownBy(() -> EndpointSpec.parse("mail.example.org:2525"))
                .hasMessageContaining("no protocol is known for port 2525");
        assertThatThrownBy(() -> EndpointSpec.parse("mail.example.org:99999")).hasMessageContaining("'99999'");
        assertThatThrownBy(() -> EndpointSpec.parse("mail.example.org:25/gopher"))
                .hasMessageContaining("unknown protocol 'gopher'");
    }
}
