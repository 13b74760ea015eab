package dev.mailward.accounts;

import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * How a single sign-on (OIDC) is turned into a console account ({@code mailward.accounts.oidc.*}). The
 * providers themselves are Spring Boot's {@code spring.security.oauth2.client.registration.*} and
 * {@code provider.*}; with none, single sign-on is off and these settings are not used.
 *
 * @param rolesClaim the claim of the ID token (or user info) whose values are group names, looked up in
 *     {@code groups} (default {@code groups}); a string or a list of strings
 * @param teamsClaim a claim whose values name console teams directly (case-insensitive; names of no team are
 *     ignored); empty (default): teams come from {@code groups} only
 * @param createUsers whether a person with no account is given one at their first sign-on (default true);
 *     false: only accounts an admin created beforehand, matched once by user name or verified e-mail
 * @param groups the mapping table: a group name, the role it grants and the teams it makes its members
 *     members of; of several matching groups the highest role wins and the teams add up. A person with no
 *     matching group is refused
 */
@Validated
@ConfigurationProperties(prefix = "mailward.accounts.oidc")
public record OidcProperties(
        @DefaultValue("groups") String rolesClaim,
        @DefaultValue("") String teamsClaim,
        @DefaultValue("true") boolean createUsers,
        @DefaultValue List<GroupMapping> groups) {

    /**
     * One row of the mapping table.
     *
     * @param name the group name as the provider sends it (compared exactly)
     * @param role the role it grants
     * @param teams names of console teams its members belong to (case-insensitive; a name of no team is
     *     ignored and logged)
     */
    public record GroupMapping(
            String name, Role role, @DefaultValue List<String> teams) {}
}
