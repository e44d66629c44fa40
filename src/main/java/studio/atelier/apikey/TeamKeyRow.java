package studio.atelier.apikey;

import java.time.Instant;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import org.hibernate.annotations.SQLRestriction;

/** A team's key: a row of {@code api_key} with a team; {@code owner_id} is the person who stored it. */
@Entity
@Table(name = "api_key")
@SQLRestriction("team_id is not null")
class TeamKeyRow {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;
    @Column(name = "team_id")
    private Long teamId;
    @Column(name = "owner_id")
    private long storedBy;
    @Column(name = "provider_id")
    private String providerId;
    private String label;
    private String ciphertext;
    @Column(name = "key_id")
    private String keyId;
    private String masked;
    @Column(name = "created_at")
    private Instant createdAt;
    @Column(name = "last_used_at")
    private Instant lastUsedAt;
    @Column(name = "last_check_at")
    private Instant lastCheckAt;
    @Column(name = "last_check_ok")
    private Boolean lastCheckOk;
    @Column(name = "last_check_message")
    private String lastCheckMessage;

    protected TeamKeyRow() {
    }

    TeamKeyRow(long teamId, long storedBy, String providerId, String label, SecretCipher.Sealed sealed, String masked,
            Instant createdAt) {
        this.teamId = teamId;
        this.storedBy = storedBy;
        this.providerId = providerId;
        this.label = label;
        this.masked = masked;
        this.createdAt = createdAt;
        reseal(sealed);
    }

    void reseal(SecretCipher.Sealed sealed) {
        this.ciphertext = sealed.ciphertext();
        this.keyId = sealed.keyId();
    }

    SecretCipher.Sealed sealed() {
        return new SecretCipher.Sealed(ciphertext, keyId);
    }

    void recordCheck(boolean ok, String messageCode, Instant at) {
        this.lastCheckOk = ok;
        this.lastCheckMessage = messageCode;
        this.lastCheckAt = at;
    }

    Long id() {
        return id;
    }

    String providerId() {
        return providerId;
    }

    ApiKeyView toView() {
        return new ApiKeyView(id, providerId, label, masked, createdAt, lastUsedAt, lastCheckAt, lastCheckOk, lastCheckMessage);
    }
}
