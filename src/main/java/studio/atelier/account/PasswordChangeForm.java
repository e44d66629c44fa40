package studio.atelier.account;

import jakarta.validation.constraints.NotBlank;

public record PasswordChangeForm(
        @NotBlank(message = "{account.password.required}") String currentPassword,
        @NotBlank(message = "{account.password.required}") String newPassword,
        @NotBlank(message = "{account.password.required}") String newPasswordConfirm) {

    public static PasswordChangeForm empty() {
        return new PasswordChangeForm("", "", "");
    }
}
