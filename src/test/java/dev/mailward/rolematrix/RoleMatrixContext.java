package dev.mailward.rolematrix;

import dev.mailward.accounts.TeamRef;
import dev.mailward.accounts.UserView;
import java.util.Map;

/**
 * What the role matrix made before the fixtures run: two teams and one user per identity
 * (ADMIN in no team, OPERATOR and AUDITOR in team A, OTHER_TEAM an operator in team B).
 *
 * @param teamA the team of OPERATOR and AUDITOR
 * @param teamB the team of OTHER_TEAM
 * @param users the user behind each identity except ANONYMOUS
 * @param unique a suffix no earlier run used, for names that must be new
 */
public record RoleMatrixContext(TeamRef teamA, TeamRef teamB, Map<Identity, UserView> users, String unique) {

    /** The columns of the TSV files, in order. */
    public enum Identity {
        ANONYMOUS,
        ADMIN,
        OPERATOR,
        AUDITOR,
        OTHER_TEAM
    }

    public UserView user(Identity identity) {
        return users.get(identity);
    }
}
