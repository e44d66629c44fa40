package studio.atelier.account;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

import org.springframework.core.io.ClassPathResource;
import org.springframework.stereotype.Component;

/**
 * At least 10 characters, not the username, not one of the most common passwords (bundled list), so
 * that the rules are the same offline as online.
 */
@Component
class PasswordPolicy {

    static final int MIN_LENGTH = 10;
    static final int MAX_LENGTH = 128;

    private final Set<String> common;

    PasswordPolicy() {
        var resource = new ClassPathResource("account/common-passwords.txt");
        try (var reader = new BufferedReader(new InputStreamReader(resource.getInputStream(), StandardCharsets.UTF_8))) {
            common = reader.lines().map(String::trim).filter(l -> !l.isEmpty() && !l.startsWith("#"))
                    .map(l -> l.toLowerCase(Locale.ROOT)).collect(Collectors.toUnmodifiableSet());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** @return the message code of the first rule the password breaks, if any */
    Optional<String> violation(String username, String password) {
        if (password == null || password.length() < MIN_LENGTH) {
            return Optional.of("account.password.too-short");
        }
        if (password.length() > MAX_LENGTH) {
            return Optional.of("account.password.too-long");
        }
        if (username != null && password.trim().equalsIgnoreCase(username.trim())) {
            return Optional.of("account.password.same-as-username");
        }
        if (common.contains(password.toLowerCase(Locale.ROOT))) {
            return Optional.of("account.password.too-common");
        }
        return Optional.empty();
    }
}
