package dev.mailward.probe;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mailward.checks.config.ChecksProperties;
import java.net.InetAddress;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.ConfigurationProperties;

/** A refused address names its range and the two settings that allow it, as they are really spelled. */
class TargetPolicyRefusalTests {

    @Test
    void refusalNamesTheRangeAndTheRealSettings() throws Exception {
        String prefix = ChecksProperties.class
                .getAnnotation(ConfigurationProperties.class)
                .prefix();
        assertThat(TargetPolicy.strict().refusal(InetAddress.getByName("127.0.0.1")))
                .hasValueSatisfying(r -> assertThat(r)
                        .startsWith("127.0.0.1 is in 127.0.0.0/8")
                        .contains("--allow-targets", prefix + ".allow-targets"));
        assertThat(TargetPolicy.allowing(List.of("127.0.0.0/8")).refusal(InetAddress.getByName("127.0.0.1")))
                .isEmpty();
    }
}
