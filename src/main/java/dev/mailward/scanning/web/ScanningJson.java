package dev.mailward.scanning.web;

import org.springframework.stereotype.Component;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

/** Pretty JSON of evidence details (SPF tree, DMARC tags) for the templates; shown escaped. */
@Component("scanningJson")
public class ScanningJson {

    private static final JsonMapper PRETTY = JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();

    ScanningJson() {
    }

    /** The value as indented JSON. */
    public String pretty(Object value) {
        return PRETTY.writeValueAsString(value);
    }
}
