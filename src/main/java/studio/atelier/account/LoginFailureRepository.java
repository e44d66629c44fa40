package studio.atelier.account;

import java.time.Instant;

import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Modifying;
import org.springframework.data.jpa.repository.Query;

interface LoginFailureRepository extends JpaRepository<LoginFailure, Long> {

    long countByUsernameKeyAndOccurredAtAfter(String usernameKey, Instant since);

    long countByClientAddressAndOccurredAtAfter(String clientAddress, Instant since);

    @Modifying
    @Query("delete from LoginFailure f where f.usernameKey = ?1")
    void deleteByUsernameKey(String usernameKey);

    @Modifying
    @Query("delete from LoginFailure f where f.occurredAt < ?1")
    int deleteOlderThan(Instant cutoff);
}
