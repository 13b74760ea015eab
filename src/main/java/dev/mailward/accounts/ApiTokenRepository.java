package dev.mailward.accounts;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.springframework.data.domain.Page;
import org.springframework.data.domain.Pageable;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Modifying;
import org.springframework.data.jpa.repository.Query;
import org.springframework.data.repository.query.Param;

interface ApiTokenRepository extends JpaRepository<ApiToken, Long> {

    Optional<ApiToken> findByPrefix(String prefix);

    List<ApiToken> findByUserIdOrderByCreatedAtDesc(long userId);

    Page<ApiToken> findAllByOrderByCreatedAtDesc(Pageable page);

    @Query("select count(t) from ApiToken t where t.userId = :userId and t.revokedAt is null and t.expiresAt > :now")
    long countActive(@Param("userId") long userId, @Param("now") Instant now);

    /** Records a use unless one was recorded since {@code notBefore}: at most one write per token and interval. */
    @Modifying
    @Query(
            "update ApiToken t set t.lastUsedAt = :now where t.id = :id and (t.lastUsedAt is null or t.lastUsedAt < :notBefore)")
    int touch(@Param("id") long id, @Param("now") Instant now, @Param("notBefore") Instant notBefore);
}
