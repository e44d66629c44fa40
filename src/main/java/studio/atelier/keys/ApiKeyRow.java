package studio.atelier.keys;

import java.time.Instant;

import jakarta.persistence.Entity;
import jakarta.persistence.Table;

/** A person's own key. Team keys share the table (see {@link TeamKeyRow}) and are never seen through this entity. */
@Entity
@Table(name = "api_key")
@org.hibernate.annotations.SQLRestriction("team_id is null")
class ApiKeyRow extends StoredKey {

    protected ApiKeyRow() {
    }

    ApiKeyRow(long ownerId, String providerId, String label, SecretCipher.Sealed sealed, String masked, Instant createdAt) {
        super(ownerId, providerId, label, sealed, masked, createdAt);
    }
}
