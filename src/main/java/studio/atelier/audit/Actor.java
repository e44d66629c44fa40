package studio.atelier.audit;

/** Who acted, and from which address; {@code userId} is null for an anonymous attempt (a failed sign-in). */
public record Actor(Long userId, String username, String clientAddress) {
}
