package studio.atelier.account;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The two-factor rows of an account. Accepting a time step and using a recovery code are single conditional updates,
 * so two nodes given the same code at the same moment cannot both accept it.
 */
@Repository
class TwoFactorStore {

    private final JdbcClient jdbc;

    TwoFactorStore(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    Optional<String> sealedSecret(long userId) {
        return jdbc.sql("select secret_sealed from two_factor where user_id = ?").param(userId).query(String.class).optional();
    }

    boolean isOn(long userId) {
        return sealedSecret(userId).isPresent();
    }

    void turnOn(long userId, String sealedSecret, long firstStep, List<String> recoveryCodeHashes, Instant at) {
        turnOff(userId);
        jdbc.sql("insert into two_factor (user_id, secret_sealed, last_used_step, enabled_at) values (?, ?, ?, ?)")
                .params(userId, sealedSecret, firstStep, Timestamp.from(at)).update();
        recoveryCodeHashes.forEach(hash -> jdbc.sql("insert into recovery_code (user_id, code_hash) values (?, ?)")
                .params(userId, hash).update());
    }

    boolean turnOff(long userId) {
        jdbc.sql("delete from recovery_code where user_id = ?").param(userId).update();
        return jdbc.sql("delete from two_factor where user_id = ?").param(userId).update() > 0;
    }

    /** @return true when this step is later than every step accepted before (and is now the last one) */
    boolean acceptStep(long userId, long step) {
        return jdbc.sql("update two_factor set last_used_step = ? where user_id = ? and last_used_step < ?")
                .params(step, userId, step).update() == 1;
    }

    /** @return true when the account had this code unused (it is used now) */
    boolean useRecoveryCode(long userId, String codeHash, Instant at) {
        return jdbc.sql("update recovery_code set used_at = ? where user_id = ? and code_hash = ? and used_at is null")
                .params(Timestamp.from(at), userId, codeHash).update() == 1;
    }

    int unusedRecoveryCodes(long userId) {
        return jdbc.sql("select count(*) from recovery_code where user_id = ? and used_at is null").param(userId)
                .query(Integer.class).single();
    }
}
