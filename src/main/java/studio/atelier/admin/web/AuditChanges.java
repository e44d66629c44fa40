package studio.atelier.admin.web;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.springframework.stereotype.Component;

import studio.atelier.audit.AuditView;
import studio.atelier.shared.CodeLabels;

/**
 * The Change column of the audit log in the reader's words. The log stores what changed as the code wrote it
 * ({@code enabled=true}, {@code visible}, {@code requestsPerDay=1, imagesPerMonth=unlimited, ...}) and the CSV export
 * keeps exactly that; here field names and values go through the bundles ({@code audit.field.*}, {@code audit.value.*}),
 * and of two field lists only the fields that differ are shown. Anything not recognised is shown made readable.
 */
@Component
class AuditChanges {

    private static final String ARROW = " → ";
    /** A price: {@code perCall=0.01, ..., failedCall=0 USD (version 5)}. */
    private static final Pattern PRICE = Pattern.compile("^(.*) ([A-Z]{3}) \\(version (\\d+)\\)$");
    private static final Pattern RESEALED = Pattern.compile("^(\\d+) key\\(s\\) re-sealed$");
    /** A record's toString, such as a provider's: {@code Provider[id=x, name=y, ...]}. */
    private static final Pattern RECORD = Pattern.compile("^[A-Z][A-Za-z]*\\[(.*)]$", Pattern.DOTALL);
    private static final Pattern FIELD = Pattern.compile("^([a-zA-Z][a-zA-Z0-9]*)=(.*)$", Pattern.DOTALL);
    /** Values whose words are another part of the bundles. */
    private static final Map<String, String> VALUE_PREFIXES = Map.of("role", "role.", "status", "status.",
            "source", "admin.providers.source.");

    private final CodeLabels labels;

    AuditChanges(CodeLabels labels) {
        this.labels = labels;
    }

    /** Each entry's change as lines of words, by entry id (no lines when the entry records no change). */
    Map<Long, List<String>> of(List<AuditView> entries) {
        Map<Long, List<String>> changes = new LinkedHashMap<>();
        entries.forEach(e -> changes.put(e.id(), describe(e.before(), e.after())));
        return changes;
    }

    List<String> describe(String before, String after) {
        Object was = parse(before);
        Object now = parse(after);
        if (was instanceof Fields b && now instanceof Fields a) {
            List<String> lines = new ArrayList<>();
            Set<String> names = new LinkedHashSet<>(a.values.keySet());
            names.addAll(b.values.keySet());
            for (String name : names) {
                String from = b.values.get(name);
                String to = a.values.get(name);
                if (!Objects.equals(from, to)) {
                    lines.add(labels.message("audit.change.field", field(name), value(name, from) + ARROW + value(name, to)));
                }
            }
            return lines.isEmpty() ? List.of(text(now)) : lines;
        }
        if (was == null) {
            return now == null ? List.of() : List.of(text(now));
        }
        return List.of(now == null ? text(was) : text(was) + ARROW + text(now));
    }

    /** A list of fields, words, or null for nothing recorded. */
    private Object parse(String stored) {
        if (stored == null || stored.isBlank()) {
            return null;
        }
        String s = stored.strip();
        Matcher resealed = RESEALED.matcher(s);
        if (resealed.matches()) {
            return new Words(labels.message("audit.value.keysResealed", Long.parseLong(resealed.group(1))));
        }
        Matcher price = PRICE.matcher(s);
        if (price.matches()) {
            Fields fields = fields(price.group(1));
            if (fields != null) {
                fields.values.replaceAll((name, amount) -> amount + " " + price.group(2));
                fields.values.put("version", price.group(3));
                return fields;
            }
        }
        Matcher record = RECORD.matcher(s);
        Fields fields = fields(record.matches() ? record.group(1) : s);
        if (fields != null) {
            return fields;
        }
        String key = s.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-").replaceAll("^-|-$", "");
        return new Words(key.isEmpty() ? s : labels.label("audit.value.", key, s));
    }

    /**
     * {@code a=1, b=2, ...} in order; a part without {@code name=} belongs to the value before it (a list or a name
     * with a comma in it), and a prompt, always last, takes the rest whatever it holds.
     */
    private static Fields fields(String text) {
        Map<String, String> values = new LinkedHashMap<>();
        String last = null;
        for (String part : text.split(", ", -1)) {
            Matcher m = FIELD.matcher(part);
            if ("prompt".equals(last) || !m.matches()) {
                if (last == null) {
                    return null;
                }
                values.put(last, values.get(last) + ", " + part);
            } else {
                last = m.group(1);
                values.put(last, m.group(2));
            }
        }
        return values.isEmpty() ? null : new Fields(values);
    }

    private String text(Object parsed) {
        if (parsed instanceof Words w) {
            return w.text;
        }
        String list = null;
        for (Map.Entry<String, String> f : ((Fields) parsed).values.entrySet()) {
            String one = labels.message("audit.change.field", field(f.getKey()), value(f.getKey(), f.getValue()));
            list = list == null ? one : labels.message("audit.change.list", list, one);
        }
        return list;
    }

    private String field(String name) {
        return labels.label("audit.field.", name);
    }

    private String value(String field, String value) {
        if (value == null) {
            return "–";
        }
        String prefix = VALUE_PREFIXES.get(field);
        if (prefix != null) {
            return labels.label(prefix, value, value);
        }
        if (value.matches("P(T?)[0-9A-Z.]+")) {
            try {
                return labels.message("audit.value.seconds", Duration.parse(value).toSeconds());
            } catch (DateTimeParseException notADuration) {
                return value;
            }
        }
        return labels.label("audit.value.", value, value);
    }

    private record Fields(Map<String, String> values) {
    }

    private record Words(String text) {
    }
}
