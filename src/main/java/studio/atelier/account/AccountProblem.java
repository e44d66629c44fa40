package studio.atelier.account;

import java.util.List;

/** A refusal with the message codes (one or more) for the field it concerns; nothing was changed. */
public class AccountProblem extends RuntimeException {

    private final String field;
    private final List<String> messageCodes;

    AccountProblem(String field, String messageCode) {
        this(field, List.of(messageCode));
    }

    AccountProblem(String field, List<String> messageCodes) {
        super(String.join(", ", messageCodes));
        this.field = field;
        this.messageCodes = List.copyOf(messageCodes);
    }

    public String field() {
        return field;
    }

    /** The first (for a refusal shown as one flash message). */
    public String messageCode() {
        return messageCodes.get(0);
    }

    public List<String> messageCodes() {
        return messageCodes;
    }
}
