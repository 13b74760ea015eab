package dev.mailward.accounts;

import dev.mailward.rolematrix.RoleMatrixContext;
import dev.mailward.rolematrix.RoleMatrixFixture;
import java.util.Map;

/** Rows for {@code role-matrix/accounts.tsv}: a user and a spare team the admin routes may change. */
public class AccountsRoleMatrixFixture implements RoleMatrixFixture {

    private final AccountsTestSupport support;

    public AccountsRoleMatrixFixture(AccountsTestSupport support) {
        this.support = support;
    }

    @Override
    public Map<String, String> create(RoleMatrixContext context) {
        UserView target = support.user("matrix-target", Role.OPERATOR, context.teamA());
        TeamRef spare = support.team("matrix-spare");
        return Map.of("userId", String.valueOf(target.id()), "spareTeamId", String.valueOf(spare.id()));
    }
}
