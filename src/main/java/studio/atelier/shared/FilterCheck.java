package studio.atelier.shared;

import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import jakarta.servlet.http.HttpServletResponse;

import org.springframework.ui.Model;

/**
 * The query parameters of a filtered page (usage, galleries, admin lists), read one by one. They come from links and
 * typed or edited URLs, so a value the page does not know is not taken as "no filter" in silence: it is left out (the
 * page shows as without it) and kept as a problem, and {@link #answer} makes the page answer 400 with a banner naming
 * the parameter and what it accepts ({@code fragments/filter-problems :: banner}, in the person's language). An empty
 * value means the filter is not set.
 */
public final class FilterCheck {

    /** The model attribute that carries the problems to the banner. */
    public static final String ATTRIBUTE = "filterProblems";
    private static final int SHOWN_LENGTH = 60;
    private static final Set<String> TRUE = Set.of("true", "on", "yes", "1");
    private static final Set<String> FALSE = Set.of("false", "off", "no", "0");

    /** A wrong parameter: its message ({@code filter.invalid.*}) takes the parameter, the value and what is allowed. */
    public record Problem(String parameter, String value, String messageKey, String allowed) {
    }

    private final List<Problem> problems = new ArrayList<>();

    /** The value if it is one of {@code allowed}; null when empty or unknown. */
    public String oneOf(String parameter, String value, Collection<String> allowed) {
        String v = blankToNull(value);
        if (v == null || allowed.contains(v)) {
            return v;
        }
        return wrong(parameter, value, "filter.invalid.choice", String.join(", ", allowed));
    }

    /** A day written as ISO {@code yyyy-MM-dd} (what a date field sends); null when empty or not such a day. */
    public LocalDate date(String parameter, String value) {
        String v = blankToNull(value);
        if (v == null) {
            return null;
        }
        try {
            return LocalDate.parse(v);
        } catch (DateTimeParseException e) {
            return wrong(parameter, value, "filter.invalid.date", null);
        }
    }

    /** A checkbox: true, false, or null when empty or neither. */
    public Boolean flag(String parameter, String value) {
        String v = blankToNull(value);
        if (v == null) {
            return null;
        }
        String lower = v.toLowerCase(Locale.ROOT);
        if (TRUE.contains(lower)) {
            return true;
        }
        if (FALSE.contains(lower)) {
            return false;
        }
        return wrong(parameter, value, "filter.invalid.flag", null);
    }

    /** A whole number of zero or more (a page, an id to continue after); null when empty or not such a number. */
    public Long wholeNumber(String parameter, String value) {
        String v = blankToNull(value);
        if (v == null) {
            return null;
        }
        if (v.matches("\\d{1,18}")) {
            return Long.valueOf(v);
        }
        return wrong(parameter, value, "filter.invalid.number", null);
    }

    public List<Problem> problems() {
        return List.copyOf(problems);
    }

    /** Puts the problems in the model for the banner and, when there are any, answers 400 Bad Request. */
    public void answer(Model model, HttpServletResponse response) {
        model.addAttribute(ATTRIBUTE, problems());
        if (!problems.isEmpty()) {
            response.setStatus(HttpServletResponse.SC_BAD_REQUEST);
        }
    }

    private <T> T wrong(String parameter, String value, String messageKey, String allowed) {
        String shown = value.length() > SHOWN_LENGTH ? value.substring(0, SHOWN_LENGTH) + "…" : value;
        problems.add(new Problem(parameter, shown, messageKey, allowed));
        return null;
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }
}
