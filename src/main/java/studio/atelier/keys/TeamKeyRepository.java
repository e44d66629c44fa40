package studio.atelier.keys;

import java.util.List;
import java.util.Optional;

import org.springframework.data.jpa.repository.JpaRepository;

interface TeamKeyRepository extends JpaRepository<TeamKeyRow, Long> {

    List<TeamKeyRow> findByTeamIdOrderByCreatedAtDesc(long teamId);

    List<TeamKeyRow> findByTeamIdAndProviderIdOrderByCreatedAtDesc(long teamId, String providerId);

    Optional<TeamKeyRow> findByIdAndTeamId(long id, long teamId);
}
