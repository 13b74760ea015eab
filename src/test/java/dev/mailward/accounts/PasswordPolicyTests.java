package dev.mailward.accounts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mailward.accounts.PasswordPolicy.Violation;
import org.junit.jupiter.api.Test;

class PasswordPolicyTests {

    @Test
    void acceptsTwelveCharacters() {
        assertThat(PasswordPolicy.check("alice", "mauve-otter7")).isEmpty();
    }

    @Test
    void refusesElevenCharactersAsTooShort() {
        assertThat(PasswordPolicy.check("alice", "abcdefghijk")).containsExactly(Violation.TOO_SHORT);
    }

    @Test
    void countsCharactersNotUtf16Units() {
        // 11 emoji are 22 UTF-16 units but only 11 characters
        assertThat(PasswordPolicy.check("alice", "😀".repeat(11))).containsExactly(Violation.TOO_SHORT);
        assertThat(PasswordPolicy.check("alice", "😀".repeat(12))).isEmpty();
    }

    @Test
    void refusesTheUserNameIgnoringCase() {
        assertThat(PasswordPolicy.check("operator-one", "Operator-One")).containsExactly(Violation.SAME_AS_USERNAME);
    }

    @Test
    void refusesEmptyAndMissingPasswords() {
        assertThat(PasswordPolicy.check("alice", "")).containsExactly(Violation.TOO_SHORT);
        assertThat(PasswordPolicy.check("alice", null)).containsExactly(Violation.TOO_SHORT);
    }

    @Test
    void refusesOverlongPasswords() {
        assertThat(PasswordPolicy.check("alice", "a".repeat(257))).containsExactly(Violation.TOO_LONG);
        assertThat(PasswordPolicy.check("alice", "a".repeat(256))).isEmpty();
    }

    @Test
    void namesTheReasonAndLimitWhenEnforced() {
        assertThatThrownBy(() -> PasswordPolicy.enforce("alice", "short"))
                .isInstanceOfSatisfying(AccountChangeRejected.class, e -> {
                    assertThat(e.field()).isEqualTo("password");
                    assertThat(e.messageKey()).isEqualTo("accounts.password.too-short");
                    assertThat(e.arguments()).containsExactly(12);
                });
    }

    @Test
    void refusesCommonlyUsedPasswordsLongEnoughForTheLengthRule() {
        for (String common : new String[] {
            "password1234",
            "qwerty123456",
            "1q2w3e4r5t6y",
            "qwertyuiopasdfghjkl",
            "123456789012",
            "passwordpassword",
            "abcdefghijkl"
        }) {
            assertThat(PasswordPolicy.check("alice", common)).as(common).containsExactly(Violation.COMMON);
        }
    }

    @Test
    void comparesWithTheListIgnoringCaseAndSurroundingSpace() {
        assertThat(PasswordPolicy.check("alice", "PassWord1234")).containsExactly(Violation.COMMON);
        assertThat(PasswordPolicy.check("alice", "  QWERTY123456 ")).containsExactly(Violation.COMMON);
    }

    @Test
    void acceptsStrongPasswordsAndThoseOfTheTests() {
        assertThat(PasswordPolicy.check("alice", AccountsTestSupport.PASSWORD)).isEmpty();
        assertThat(PasswordPolicy.check("alice", "iloveyou1234")).isEmpty();
        assertThat(PasswordPolicy.check("alice", "Tangerine Kayak Vortex 19")).isEmpty();
        assertThat(PasswordPolicy.check("alice", "password1234x")).isEmpty();
    }

    @Test
    void shortCommonPasswordsAreTooShortFirst() {
        // the list has password123 and qwertyuiop; the length rule refuses them already
        assertThat(PasswordPolicy.check("alice", "password123")).containsExactly(Violation.TOO_SHORT);
        assertThat(PasswordPolicy.check("alice", "qwertyuiop")).containsExactly(Violation.TOO_SHORT);
    }

    @Test
    void namesTheCommonPasswordRuleWhenEnforced() {
        assertThatThrownBy(() -> PasswordPolicy.enforce("alice", "Password1234"))
                .isInstanceOfSatisfying(AccountChangeRejected.class, e -> {
                    assertThat(e.field()).isEqualTo("password");
                    assertThat(e.messageKey()).isEqualTo("accounts.password.common");
                });
    }
}
