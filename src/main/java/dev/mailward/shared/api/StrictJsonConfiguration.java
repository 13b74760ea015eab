package dev.mailward.shared.api;

import com.fasterxml.jackson.annotation.JsonSetter;
import com.fasterxml.jackson.annotation.Nulls;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.converter.HttpMessageConverters;
import org.springframework.http.converter.json.JacksonJsonHttpMessageConverter;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.MapperFeature;
import tools.jackson.databind.cfg.CoercionAction;
import tools.jackson.databind.cfg.CoercionInputShape;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.type.LogicalType;

/**
 * Request bodies are read strictly, so that a client's mistake is refused with a 400 naming the
 * field instead of being guessed at: a duplicate key, a number where text is expected, a fraction
 * or a quoted number for an id, and {@code null} inside a list are refused. Only the HTTP
 * converter is strict; the application's {@link JsonMapper} (stored results and evidence) is not.
 * Spring Boot 4 reads bodies with Jackson 3, so this is the converter to configure.
 */
@Configuration(proxyBeanMethods = false)
class StrictJsonConfiguration implements WebMvcConfigurer {

    /**
     * The JSON converter Spring Boot configured is replaced in place by one with a strict copy of its
     * mapper; the order of the converters stays as it was (a converter bean would be put first).
     */
    @Override
    public void configureMessageConverters(HttpMessageConverters.ServerBuilder builder) {
        builder.configureMessageConvertersList(list ->
                list.replaceAll(c -> c.getClass() == JacksonJsonHttpMessageConverter.class
                        ? new JacksonJsonHttpMessageConverter(strict(((JacksonJsonHttpMessageConverter) c).getMapper()))
                        : c));
    }

    static JsonMapper strict(JsonMapper mapper) {
        return mapper.rebuild()
                .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                .enable(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY)
                .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
                .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
                .withCoercionConfig(
                        LogicalType.Textual,
                        c -> c.setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
                                .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
                                .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail))
                .withCoercionConfig(
                        LogicalType.Integer,
                        c -> c.setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
                                .setCoercion(CoercionInputShape.String, CoercionAction.Fail))
                .changeDefaultNullHandling(n -> JsonSetter.Value.construct(n.getValueNulls(), Nulls.FAIL))
                .build();
    }
}
