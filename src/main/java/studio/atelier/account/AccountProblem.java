package studio.atelier.account;

/** A refusal with a message code for the field it concerns; nothing was changed. */
public class AccountProblem extends RuntimeException {

    private final String field;
    private final String messageCode;

    AccountProblem(String field, String messageCode) {
        super(messageCode);
        this.field = field;
        this.messageCode = messageCode;
    }

    public String field() {
        return field;
    }

    public String messageCode() {
        return messageCode;
    }
}
