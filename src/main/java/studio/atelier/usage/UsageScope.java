package studio.atelier.usage;

/**
 * Whose usage a page, export or limit is about: one person (everything they generated, personal and as a team) or
 * one team (the generations its members made "as the team").
 */
public record UsageScope(Kind kind, long id) {

    public enum Kind { USER, TEAM }

    public static UsageScope user(long userId) {
        return new UsageScope(Kind.USER, userId);
    }

    public static UsageScope team(long teamId) {
        return new UsageScope(Kind.TEAM, teamId);
    }

    public boolean isTeam() {
        return kind == Kind.TEAM;
    }

    /** The column of usage_record and usage_daily this scope filters on (never user input). */
    String column() {
        return isTeam() ? "team_id" : "user_id";
    }
}
