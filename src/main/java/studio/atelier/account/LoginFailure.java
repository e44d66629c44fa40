package studio.atelier.account;

import java.time.Instant;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

@Entity
@Table(name = "login_failure")
class LoginFailure {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;

    @Column(name = "username_key")
    private String usernameKey;

    @Column(name = "client_address")
    private String clientAddress;

    @Column(name = "occurred_at")
    private Instant occurredAt;

    protected LoginFailure() {
    }

    LoginFailure(String usernameKey, String clientAddress, Instant occurredAt) {
        this.usernameKey = usernameKey;
        this.clientAddress = clientAddress;
        this.occurredAt = occurredAt;
    }
}
