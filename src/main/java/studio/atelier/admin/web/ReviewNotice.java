package studio.atelier.admin.web;

import java.io.Serializable;
import java.util.List;

/**
 * What the last bulk hide or unhide did, or why it did nothing: a message code and its arguments, shown above the
 * tiles. It travels as a flash attribute (plain form post) or straight into the HTMX answer.
 */
record ReviewNotice(String code, List<Serializable> args, boolean error) implements Serializable {

    static ReviewNotice done(String code, Serializable... args) {
        return new ReviewNotice(code, List.of(args), false);
    }

    static ReviewNotice refused(String code, Serializable... args) {
        return new ReviewNotice(code, List.of(args), true);
    }

    /** For {@code #messages.msgWithParams}. */
    public Object[] arguments() {
        return args.toArray();
    }
}
