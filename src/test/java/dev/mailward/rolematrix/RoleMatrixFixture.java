package dev.mailward.rolematrix;

import java.util.Map;

/**
 * A module's rows for {@link RoleMatrixIntegrationTests}. Implement it in the module's test
 * package ({@code public} class, one constructor; Spring autowires it, e.g. with the module's
 * facade or test support); the test finds every implementation under {@code dev.mailward} on the
 * class path, calls {@link #create} once, and substitutes the returned values for the
 * {@code {name}} placeholders in the TSV files.
 *
 * <p>Create rows of team A (visible to OPERATOR and AUDITOR, not to OTHER_TEAM) unless a row
 * says otherwise, so that the OTHER_TEAM column can expect 404 for them.
 */
public interface RoleMatrixFixture {

    /**
     * Creates this module's rows.
     *
     * @return placeholder values by name (without braces), e.g. {@code domainId -> "42"}; names
     *     must not clash with other fixtures' or the core ones ({@code teamA}, {@code teamB},
     *     {@code unique})
     */
    Map<String, String> create(RoleMatrixContext context);
}
