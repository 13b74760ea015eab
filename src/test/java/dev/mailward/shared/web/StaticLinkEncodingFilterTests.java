package dev.mailward.shared.web;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Which links go through the static resource chain: those naming a file, never a page. */
class StaticLinkEncodingFilterTests {

    @Test
    void resolvesFileLinksOnly() {
        assertThat(StaticLinkEncodingFilter.mayBeStatic("/webjars/chart.js/dist/chart.umd.js"))
                .isTrue();
        assertThat(StaticLinkEncodingFilter.mayBeStatic("/css/mailward.css?v=2"))
                .isTrue();
        assertThat(StaticLinkEncodingFilter.mayBeStatic("/ctx/img/favicon.svg#top"))
                .isTrue();
        assertThat(StaticLinkEncodingFilter.mayBeStatic("/domains/7/dashboard")).isFalse();
        assertThat(StaticLinkEncodingFilter.mayBeStatic("/dashboard?tag=eu.prod&page=2"))
                .isFalse();
        assertThat(StaticLinkEncodingFilter.mayBeStatic("/webjars.d/pages/list"))
                .isFalse();
        assertThat(StaticLinkEncodingFilter.mayBeStatic("/mitigations/tls/guide#fix.postfix"))
                .isFalse();
        assertThat(StaticLinkEncodingFilter.mayBeStatic("")).isFalse();
    }
}
