package dev.mailward.results.web;

import org.springframework.stereotype.Component;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * Pretty JSON of evidence details (SPF tree, DMARC tags) for the templates; shown escaped. The bean keeps
 * the name {@code scanningJson} the templates call it by ({@code @scanningJson.pretty(...)}).
 */
@Component("scanningJson")
public class ScanningJson {

    private static final JsonMapper PRETTY =
            JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();

    ScanningJson() {}

    /** The value as indented JSON. */
    public String pretty(Object value) {
        return PRETTY.writeValueAsString(value);
    }
}
