package studio.atelier.apikey;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Modifying;
import org.springframework.data.jpa.repository.Query;

interface TeamKeyRepository extends JpaRepository<TeamKeyRow, Long> {

    List<TeamKeyRow> findByTeamIdOrderByCreatedAtDesc(long teamId);

    List<TeamKeyRow> findByTeamIdAndProviderIdOrderByCreatedAtDesc(long teamId, String providerId);

    Optional<TeamKeyRow> findByIdAndTeamId(long id, long teamId);

    @Modifying
    @Query("update TeamKeyRow k set k.lastUsedAt = :now where k.id = :id and (k.lastUsedAt is null or k.lastUsedAt < :before)")
    int touchLastUsed(long id, Instant now, Instant before);
}
