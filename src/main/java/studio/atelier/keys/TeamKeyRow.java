package studio.atelier.keys;

import java.time.Instant;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Table;

import org.hibernate.annotations.SQLRestriction;

/** A team's key: a row of {@code api_key} with a team; {@code owner_id} is the person who stored it. */
@Entity
@Table(name = "api_key")
@SQLRestriction("team_id is not null")
class TeamKeyRow extends StoredKey {

    @Column(name = "team_id")
    private Long teamId;

    protected TeamKeyRow() {
    }

    /** {@code storedBy} is the owner or admin who stored it; the key belongs to the team. */
    TeamKeyRow(long teamId, long storedBy, String providerId, String label, SecretCipher.Sealed sealed, String masked,
            Instant createdAt) {
        super(storedBy, providerId, label, sealed, masked, createdAt);
        this.teamId = teamId;
    }
}
