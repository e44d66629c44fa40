package studio.atelier.admin.web;

import java.time.LocalDate;

import org.springframework.format.annotation.DateTimeFormat;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * The content review page's filters as its address carries them (a person's name, not their id). The bulk form sends
 * them back, so that after hiding a few the administrator lands on the same selection of the page.
 */
record ReviewQuery(String user, String status, @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate from,
        @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate to, String q) {

    /** Puts the filters that are set on the redirect to the page. */
    void keepIn(RedirectAttributes redirect) {
        keep(redirect, "user", user);
        keep(redirect, "status", status);
        keep(redirect, "from", from);
        keep(redirect, "to", to);
        keep(redirect, "q", q);
    }

    private static void keep(RedirectAttributes redirect, String name, Object value) {
        if (value != null && !value.toString().isBlank()) {
            redirect.addAttribute(name, value.toString());
        }
    }
}
