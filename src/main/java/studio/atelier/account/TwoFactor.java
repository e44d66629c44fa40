package studio.atelier.account;

import java.time.Clock;
import java.util.List;
import java.util.OptionalLong;

import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import studio.atelier.audit.Actor;
import studio.atelier.audit.AuditAction;
import studio.atelier.audit.AuditLog;
import studio.atelier.keys.SealedSecrets;
import studio.atelier.shared.Role;

/**
 * Two-factor sign-in for password accounts: an authenticator app's code after the password, or one of ten single-use
 * recovery codes. Setting it up and removing it take the password again; wrong passwords and wrong codes count
 * towards the same lock-out as wrong passwords at sign-in. The secret is sealed with the master key and shown only
 * while it is being set up.
 */
@Service
public class TwoFactor {

    /** A set-up in progress: the secret to type or scan, and the same secret sealed, for the page to hand back. */
    public record SetUp(String secret, String qrCode, String sealedSecret) {
    }

    private final TwoFactorStore store;
    private final TwoFactorCodes codes;
    private final SealedSecrets sealing;
    private final AccountService accounts;
    private final UserAccountRepository repository;
    private final LoginThrottle throttle;
    private final TwoFactorSettings settings;
    private final AuditLog audit;
    private final Clock clock;

    TwoFactor(TwoFactorStore store, TwoFactorCodes codes, SealedSecrets sealing, AccountService accounts,
            UserAccountRepository repository, LoginThrottle throttle, TwoFactorSettings settings, AuditLog audit, Clock clock) {
        this.store = store;
        this.codes = codes;
        this.sealing = sealing;
        this.accounts = accounts;
        this.repository = repository;
        this.throttle = throttle;
        this.settings = settings;
        this.audit = audit;
        this.clock = clock;
    }

    @Transactional(readOnly = true)
    public boolean isOn(long userId) {
        return store.isOn(userId);
    }

    @Transactional(readOnly = true)
    public int unusedRecoveryCodes(long userId) {
        return store.unusedRecoveryCodes(userId);
    }

    /**
     * An administrator with a password must set two-factor up before anything else when the instance requires it;
     * an account that signs in only through an identity provider has no password to protect.
     */
    @Transactional(readOnly = true)
    public boolean mustSetUp(AccountSummary account) {
        return settings.requireTwoFactorForAdmins() && account.role() == Role.ADMIN
                && repository.findById(account.id()).map(a -> a.passwordHash() != null).orElse(false) && !store.isOn(account.id());
    }

    public SetUp beginSetUp(String username) {
        String secret = codes.newSecret();
        return new SetUp(secret, codes.qrCode(username, secret), sealing.seal(secret));
    }

    /** The QR code of a set-up in progress, drawn again when the form comes back with an error. */
    public SetUp resumeSetUp(String username, String sealedSecret) {
        String secret = sealing.open(sealedSecret);
        return new SetUp(secret, codes.qrCode(username, secret), sealedSecret);
    }

    /**
     * @return the ten recovery codes, to be shown once
     * @throws AccountProblem on the {@code password} or {@code code} field when either is wrong
     */
    @Transactional
    public List<String> turnOn(Actor me, String sealedSecret, String password, String code) {
        checkPassword(me, password);
        OptionalLong step = codes.stepOf(sealing.open(sealedSecret), code);
        if (step.isEmpty()) {
            throttle.recordFailure(me.username(), me.clientAddress());
            throw new AccountProblem("code", "account.twoFactor.code-wrong");
        }
        List<String> recovery = codes.newRecoveryCodes();
        store.turnOn(me.userId(), sealedSecret, step.getAsLong(), recovery.stream().map(TwoFactorCodes::hashRecoveryCode).toList(),
                clock.instant());
        audit.record(me, AuditAction.TWO_FACTOR_ENABLED, "user", me.userId(), null, null, null);
        return recovery;
    }

    /** @throws AccountProblem on the {@code password} field when it is wrong */
    @Transactional
    public void turnOff(Actor me, String password) {
        checkPassword(me, password);
        if (store.turnOff(me.userId())) {
            audit.record(me, AuditAction.TWO_FACTOR_REMOVED, "user", me.userId(), null, null, null);
        }
    }

    /**
     * The second step of a password sign-in: the app's code for a time step not accepted before, or an unused
     * recovery code (which is then used up).
     */
    @Transactional
    boolean accepts(Actor who, String code) {
        String sealed = store.sealedSecret(who.userId()).orElse(null);
        if (sealed == null) {
            return false;
        }
        OptionalLong step = codes.stepOf(sealing.open(sealed), code);
        if (step.isPresent()) {
            return store.acceptStep(who.userId(), step.getAsLong());
        }
        if (code != null && store.useRecoveryCode(who.userId(), TwoFactorCodes.hashRecoveryCode(code), clock.instant())) {
            audit.record(who, AuditAction.TWO_FACTOR_RECOVERY_CODE_USED, "user", who.userId(), null, null, null);
            return true;
        }
        return false;
    }

    private void checkPassword(Actor me, String password) {
        if (throttle.isThrottled(me.username(), me.clientAddress())) {
            throw new AccountProblem("password", "account.twoFactor.locked");
        }
        if (!accounts.passwordMatches(me.userId(), password)) {
            throttle.recordFailure(me.username(), me.clientAddress());
            throw new AccountProblem("password", "account.password.current-wrong");
        }
    }
}
