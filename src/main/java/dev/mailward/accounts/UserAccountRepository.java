package dev.mailward.accounts;

import java.util.Optional;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Modifying;
import org.springframework.data.jpa.repository.Query;
import org.springframework.data.repository.query.Param;

interface UserAccountRepository extends JpaRepository<UserAccount, Long> {

    /** The name must already be lower case (see {@link UserAccount#normalizeUsername}). */
    Optional<UserAccount> findByUsername(String username);

    boolean existsByUsername(String username);

    /** Lifts every login lock of the user: the delay, its failures and the lock of each client address. */
    @Modifying
    @Query(
            nativeQuery = true,
            value = "with sources as (update login_throttle set failures = 0, window_start = null,"
                    + " locked_until = null where user_id = :id)"
                    + " update user_account set failed_logins = 0, failure_window_start = null, locked_until = null,"
                    + " source_locked_until = null where id = :id")
    int unlockLogins(@Param("id") long id);
}
