package studio.atelier.shared;

/** A module's place in the top navigation; modules declare one as a bean, the layout lists them in order. */
public record NavigationEntry(String path, String labelKey, int order, boolean adminOnly) {
}
