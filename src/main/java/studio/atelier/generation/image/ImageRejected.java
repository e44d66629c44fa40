package studio.atelier.generation.image;

import java.util.Locale;

/**
 * An image (or its URL) was refused. The reason maps to a message key so the web layer can explain the
 * refusal in the user's language; the exception message is for logs only.
 */
public final class ImageRejected extends RuntimeException {

    public enum Reason {
        BLOCKED_ADDRESS,
        BAD_SCHEME,
        TOO_LARGE,
        NOT_AN_IMAGE,
        TOO_MANY_PIXELS,
        HTTP_STATUS,
        TIMEOUT,
        TOO_MANY_REDIRECTS,
        NETWORK;

        public String messageKey() {
            return "generation.image.rejected." + name().toLowerCase(Locale.ROOT).replace('_', '-');
        }
    }

    private final Reason reason;
    private final transient Object[] messageArguments;

    ImageRejected(Reason reason, String detail, Object... messageArguments) {
        this(reason, detail, null, messageArguments);
    }

    ImageRejected(Reason reason, String detail, Throwable cause, Object... messageArguments) {
        super(reason + ": " + detail, cause);
        this.reason = reason;
        this.messageArguments = messageArguments.clone();
    }

    public Reason reason() {
        return reason;
    }

    public String messageKey() {
        return reason.messageKey();
    }

    /** Arguments for the message pattern behind {@link #messageKey()}, e.g. the HTTP status. */
    public Object[] messageArguments() {
        return messageArguments.clone();
    }
}
