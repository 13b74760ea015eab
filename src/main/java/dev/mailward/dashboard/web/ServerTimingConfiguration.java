package dev.mailward.dashboard.web;

import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;

/** Registers the {@link ServerTimingFilter} first in the chain when {@code mailward.dashboard.server-timing=true}. */
@Configuration(proxyBeanMethods = false)
@ConditionalOnBooleanProperty("mailward.dashboard.server-timing")
class ServerTimingConfiguration {

    @Bean
    FilterRegistrationBean<ServerTimingFilter> serverTimingFilter() {
        FilterRegistrationBean<ServerTimingFilter> registration =
                new FilterRegistrationBean<>(new ServerTimingFilter());
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE);
        registration.setName("serverTimingFilter");
        return registration;
    }
}
