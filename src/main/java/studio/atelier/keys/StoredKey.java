package studio.atelier.keys;

import java.time.Instant;

import jakarta.persistence.Column;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.MappedSuperclass;

/**
 * A sealed gateway key as stored in {@code api_key}, whether a person's own or a team's: the secret only ever as
 * ciphertext plus the id of the master key that sealed it, and a mask to show.
 */
@MappedSuperclass
abstract class StoredKey {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;
    @Column(name = "owner_id")
    private long ownerId;
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
    @Column(name = "last_worked_at")
    private Instant lastWorkedAt;
    @Column(name = "rejected_at")
    private Instant rejectedAt;

    protected StoredKey() {
    }

    StoredKey(long ownerId, String providerId, String label, SecretCipher.Sealed sealed, String masked, Instant createdAt) {
        this.ownerId = ownerId;
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

    /** A test that could not tell (the gateway unreachable) leaves the key's earlier refusal, if any, as it was. */
    void recordCheck(KeyCheckOutcome outcome, Instant at) {
        this.lastCheckOk = outcome.ok();
        this.lastCheckMessage = outcome.messageCode();
        this.lastCheckAt = at;
        if (outcome.ok()) {
            this.lastWorkedAt = at;
            this.rejectedAt = null;
        } else if (outcome.rejected()) {
            this.rejectedAt = at;
        }
    }

    Long id() {
        return id;
    }

    long ownerId() {
        return ownerId;
    }

    String providerId() {
        return providerId;
    }

    ApiKeyView toView() {
        return new ApiKeyView(id, providerId, label, masked, createdAt, lastUsedAt, lastCheckAt, lastCheckOk, lastCheckMessage,
                lastWorkedAt, rejectedAt);
    }
}
