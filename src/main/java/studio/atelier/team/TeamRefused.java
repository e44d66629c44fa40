package studio.atelier.team;

/** A request that is allowed but cannot be done now; {@code messageCode} explains it to the person. */
public class TeamRefused extends RuntimeException {

    private final String messageCode;

    public TeamRefused(String messageCode) {
        super(messageCode, null, false, false);
        this.messageCode = messageCode;
    }

    public String messageCode() {
        return messageCode;
    }
}
