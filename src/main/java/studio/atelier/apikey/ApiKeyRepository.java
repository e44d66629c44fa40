package studio.atelier.apikey;

import java.util.List;
import java.util.Optional;

import org.springframework.data.jpa.repository.JpaRepository;

interface ApiKeyRepository extends JpaRepository<ApiKeyRow, Long> {

    List<ApiKeyRow> findByOwnerIdOrderByCreatedAtDesc(long ownerId);

    List<ApiKeyRow> findByOwnerIdAndProviderIdOrderByCreatedAtDesc(long ownerId, String providerId);

    Optional<ApiKeyRow> findByIdAndOwnerId(long id, long ownerId);

    @org.springframework.data.jpa.repository.Modifying
    @org.springframework.data.jpa.repository.Query("update ApiKeyRow k set k.lastUsedAt = :now where k.id = :id "
            + "and (k.lastUsedAt is null or k.lastUsedAt < :before)")
    int touchLastUsed(long id, java.time.Instant now, java.time.Instant before);
}
