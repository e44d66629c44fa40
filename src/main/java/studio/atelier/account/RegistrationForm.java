package studio.atelier.account;

import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

public record RegistrationForm(
        @NotBlank(message = "{account.username.required}")
        @Size(min = 3, max = 40, message = "{account.username.size}")
        @Pattern(regexp = "^[\\p{L}\\p{N}_.-]*$", message = "{account.username.pattern}") String username,
        @NotBlank(message = "{account.password.required}") String password,
        @NotBlank(message = "{account.password.required}") String passwordConfirm,
        @Email(message = "{account.email.invalid}") @Size(max = 254, message = "{account.email.invalid}") String email) {

    public static RegistrationForm empty() {
        return new RegistrationForm("", "", "", "");
    }
}
