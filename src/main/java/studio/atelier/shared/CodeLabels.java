package studio.atelier.shared;

import java.util.Locale;

import org.springframework.context.MessageSource;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.stereotype.Component;

/**
 * Words for the codes the application stores and exports as they are (error kinds, audit fields and values): the
 * bundle's label when it has one, else the code made readable ({@code UPSTREAM_ERROR} → "Upstream error",
 * {@code requestsPerDay} → "Requests per day"), so that a code added later reads as words instead of breaking a page.
 * Templates call it as {@code @codeLabels}; the locale is the request's.
 */
@Component("codeLabels")
public class CodeLabels {

    private final MessageSource messages;

    public CodeLabels(MessageSource messages) {
        this.messages = messages;
    }

    /** A short label for an error kind of a generation or usage record, for tables; null for none. */
    public String errorKind(String code) {
        return label("usage.errorKind.", code);
    }

    /** The label {@code prefix + code} from the bundles, or the code made readable; null for a blank code. */
    public String label(String prefix, String code) {
        if (code == null || code.isBlank()) {
            return null;
        }
        return messages.getMessage(prefix + code, null, humanised(code), locale());
    }

    /** The label {@code prefix + code} from the bundles, or {@code fallback} as it is; null for a blank code. */
    public String label(String prefix, String code, String fallback) {
        if (code == null || code.isBlank()) {
            return null;
        }
        return messages.getMessage(prefix + code, null, fallback, locale());
    }

    /** A message of the bundles in the request's language. */
    public String message(String key, Object... args) {
        return messages.getMessage(key, args, locale());
    }

    private static Locale locale() {
        return LocaleContextHolder.getLocale();
    }

    /** {@code KEY_REJECTED} → "Key rejected", {@code requestsPerDay} → "Requests per day". */
    static String humanised(String code) {
        String spaced = code.strip().replaceAll("([a-z0-9])([A-Z])", "$1 $2").replaceAll("[_\\-.]+", " ").strip()
                .toLowerCase(Locale.ROOT);
        return spaced.isEmpty() ? code : Character.toUpperCase(spaced.charAt(0)) + spaced.substring(1);
    }
}
