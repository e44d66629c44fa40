package studio.atelier.account;

import java.util.Optional;

import jakarta.servlet.http.HttpServletRequest;

import org.springframework.stereotype.Service;
import org.springframework.validation.BindingResult;

/**
 * The web side of registration and password change: turns refusals into field errors so the form is shown
 * again with the message in the person's language and nothing saved.
 */
@Service
public class AccountForms {

    private final AccountService accounts;
    private final RegistrationSwitch registration;
    private final PasswordPolicy policy;
    private final PasswordSignIn passwords;

    AccountForms(AccountService accounts, RegistrationSwitch registration, PasswordPolicy policy, PasswordSignIn passwords) {
        this.passwords = passwords;
        this.accounts = accounts;
        this.registration = registration;
        this.policy = policy;
    }

    /** Registration follows the password switch: an account registered here could only sign in with a password. */
    public boolean registrationOpen() {
        return passwords.offeredToEveryone() && registration.isOpen();
    }

    /**
     * Every password rule the form breaks is reported together with the other fields' errors, not one per attempt.
     *
     * @return the new account, or empty when the form has errors (nothing saved)
     */
    public Optional<AccountSummary> register(RegistrationForm form, BindingResult errors) {
        if (!errors.hasFieldErrors("password")) {
            policy.violations(form.username(), form.password()).forEach(code -> errors.rejectValue("password", code));
        }
        if (form.password() != null && !form.password().equals(form.passwordConfirm())) {
            errors.rejectValue("passwordConfirm", "account.password.mismatch");
        }
        if (errors.hasErrors()) {
            return Optional.empty();
        }
        try {
            return Optional.of(accounts.register(form.username(), form.email(), form.password()));
        } catch (AccountProblem problem) {
            reject(problem, errors);
            return Optional.empty();
        }
    }

    /** Changes the password; this session goes on under a new id and every other session of the account ends. */
    public void changePassword(long userId, PasswordChangeForm form, BindingResult errors, HttpServletRequest request) {
        if (form.newPassword() != null && !form.newPassword().equals(form.newPasswordConfirm())) {
            errors.rejectValue("newPasswordConfirm", "account.password.mismatch");
        }
        if (errors.hasErrors()) {
            return;
        }
        try {
            SignedInSessions.keepOnlyThisOne(request, accounts.changePassword(userId, form.currentPassword(), form.newPassword()));
        } catch (AccountProblem problem) {
            reject(problem, errors);
        }
    }

    /** "Sign out everywhere else": this session goes on under a new id, every other one of the account ends. */
    public void endOtherSessions(long userId, HttpServletRequest request) {
        SignedInSessions.keepOnlyThisOne(request, accounts.endSessions(userId));
    }

    private static void reject(AccountProblem problem, BindingResult errors) {
        problem.messageCodes().forEach(code -> errors.rejectValue(problem.field(), code));
    }
}
