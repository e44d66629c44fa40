package studio.atelier.account;

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

    AccountForms(AccountService accounts, RegistrationSwitch registration) {
        this.accounts = accounts;
        this.registration = registration;
    }

    public boolean registrationOpen() {
        return registration.isOpen();
    }

    public void register(RegistrationForm form, BindingResult errors) {
        if (form.password() != null && !form.password().equals(form.passwordConfirm())) {
            errors.rejectValue("passwordConfirm", "account.password.mismatch");
        }
        if (errors.hasErrors()) {
            return;
        }
        try {
            accounts.register(form.username(), form.email(), form.password());
        } catch (AccountProblem problem) {
            errors.rejectValue(problem.field(), problem.messageCode());
        }
    }

    public void changePassword(long userId, PasswordChangeForm form, BindingResult errors) {
        if (form.newPassword() != null && !form.newPassword().equals(form.newPasswordConfirm())) {
            errors.rejectValue("newPasswordConfirm", "account.password.mismatch");
        }
        if (errors.hasErrors()) {
            return;
        }
        try {
            accounts.changePassword(userId, form.currentPassword(), form.newPassword());
        } catch (AccountProblem problem) {
            errors.rejectValue(problem.field(), problem.messageCode());
        }
    }
}
