package studio.atelier.account;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
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

    /**
     * @return the message codes of every rule the password breaks (empty when it is fine), so that a person sees all
     *         of them at once instead of discovering them one refusal at a time
     */
    List<String> violations(String username, String password) {
        List<String> broken = new ArrayList<>();
        if (password == null || password.length() < MIN_LENGTH) {
            broken.add("account.password.too-short");
        } else if (password.length() > MAX_LENGTH) {
            broken.add("account.password.too-long");
        }
        if (password != null && username != null && !username.isBlank() && password.trim().equalsIgnoreCase(username.trim())) {
            broken.add("account.password.same-as-username");
        }
        if (password != null && common.contains(password.toLowerCase(Locale.ROOT))) {
            broken.add("account.password.too-common");
        }
        return broken;
    }
}
