package dev.mailward.accounts;

import dev.mailward.rolematrix.RoleMatrixContext;
import dev.mailward.rolematrix.RoleMatrixFixture;
import java.util.Map;

/**
 * Rows for {@code role-matrix/tokens.tsv}: {@code {operatorTokenId}}, a token of the OPERATOR
 * identity (only its owner may revoke it on the account page), and {@code {spareTokenId}}, a
 * token of another user for the admin revocation row.
 */
public class TokensRoleMatrixFixture implements RoleMatrixFixture {

    private final ApiTokenService tokens;
    private final AccountsTestSupport support;

    public TokensRoleMatrixFixture(ApiTokenService tokens, AccountsTestSupport support) {
        this.tokens = tokens;
        this.support = support;
    }

    @Override
    public Map<String, String> create(RoleMatrixContext context) {
        long operator = context.user(RoleMatrixContext.Identity.OPERATOR).id();
        CreatedApiToken own = tokens.create(operator, new CreateApiToken("matrix", Role.OPERATOR, 30));
        UserView other = support.user("matrix-token-owner", Role.AUDITOR, context.teamA());
        CreatedApiToken spare = tokens.create(other.id(), new CreateApiToken("matrix spare", Role.AUDITOR, 30));
        return Map.of(
                "operatorTokenId",
                String.valueOf(own.token().id()),
                "spareTokenId",
                String.valueOf(spare.token().id()));
    }
}
