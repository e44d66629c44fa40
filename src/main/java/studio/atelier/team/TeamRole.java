package studio.atelier.team;

/** What a member may do in a team. OWNER: everything; ADMIN: members, invitations and keys; MEMBER: share and generate; VIEWER: look. */
public enum TeamRole {
    OWNER, ADMIN, MEMBER, VIEWER;

    public boolean managesMembers() {
        return this == OWNER || this == ADMIN;
    }

    public boolean managesKeys() {
        return this == OWNER || this == ADMIN;
    }

    public boolean managesSettings() {
        return this == OWNER;
    }

    public boolean contributes() {
        return this != VIEWER;
    }

    static TeamRole parse(String text) {
        if (text == null) {
            return null;
        }
        try {
            return valueOf(text.trim().toUpperCase(java.util.Locale.ROOT));
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
