package studio.atelier.generation;

/** An action that cannot be done in the generation's current state; carries the message code to show. */
public class GenerationRefused extends RuntimeException {

    private final String messageCode;

    GenerationRefused(String messageCode) {
        super(messageCode);
        this.messageCode = messageCode;
    }

    public String messageCode() {
        return messageCode;
    }
}
