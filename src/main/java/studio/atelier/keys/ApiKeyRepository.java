package studio.atelier.keys;

import java.util.List;
import java.util.Optional;

import org.springframework.data.jpa.repository.JpaRepository;

interface ApiKeyRepository extends JpaRepository<ApiKeyRow, Long> {

    List<ApiKeyRow> findByOwnerIdOrderByCreatedAtDesc(long ownerId);

    List<ApiKeyRow> findByOwnerIdAndProviderIdOrderByCreatedAtDesc(long ownerId, String providerId);

    Optional<ApiKeyRow> findByIdAndOwnerId(long id, long ownerId);
}
