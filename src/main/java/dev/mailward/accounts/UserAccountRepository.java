package dev.mailward.accounts;

import java.util.Optional;
import org.springframework.data.jpa.repository.JpaRepository;

interface UserAccountRepository extends JpaRepository<UserAccount, Long> {

    /** The name must already be lower case (see {@link UserAccount#normalizeUsername}). */
    Optional<UserAccount> findByUsername(String username);

    boolean existsByUsername(String username);
}
