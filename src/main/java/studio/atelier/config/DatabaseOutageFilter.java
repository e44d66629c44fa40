package studio.atelier.config;

import java.io.IOException;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import io.github.wimdeblauwe.htmx.spring.boot.mvc.HtmxRequest;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.session.web.http.SessionRepositoryFilter;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.servlet.LocaleResolver;
import org.thymeleaf.ITemplateEngine;
import org.thymeleaf.TemplateSpec;
import org.thymeleaf.context.WebContext;
import org.thymeleaf.templatemode.TemplateMode;
import org.thymeleaf.web.servlet.JakartaServletWebApplication;

import studio.atelier.shared.DatabaseOutage;

/**
 * While the database cannot be reached, every request that needs it is answered with HTTP 503 and a short page in
 * the person's language ({@code error/503}; for HTMX just its message), never a stack trace. This sits outside Spring
 * Security because most requests meet the database there first (the signed-in account is re-read on every request,
 * sign-in writes the audit log), before any controller advice could help. The page is rendered here, from a template
 * that needs nothing but messages, so it works when nothing else does.
 */
class DatabaseOutageFilter extends OncePerRequestFilter {

    /**
     * Outside Spring Session's filter, which reads the session from the database and writes it back after the response
     * (and so outside Spring Security's chain, order -100, too): an outage met there gets the page as well, and the page
     * is rendered on the container's own request, which has no session to load.
     */
    static final int ORDER = SessionRepositoryFilter.DEFAULT_ORDER - 10;

    private static final Logger log = LoggerFactory.getLogger(DatabaseOutageFilter.class);

    private final ITemplateEngine templates;
    private final LocaleResolver locales;

    DatabaseOutageFilter(ITemplateEngine templates, LocaleResolver locales) {
        this.templates = templates;
        this.locales = locales;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        try {
            chain.doFilter(request, response);
        } catch (ServletException | IOException | RuntimeException failure) {
            if (!DatabaseOutage.causedBy(failure) || response.isCommitted()) {
                throw failure;
            }
            // one line per request: during an outage a stack trace each would bury everything else
            log.warn("Database unavailable; {} {} answered 503 ({})", request.getMethod(), request.getRequestURI(),
                    DatabaseOutage.summary(failure));
            render(request, response);
        }
    }

    /** Streamed downloads fail in an async dispatch when the database goes away before the first row. */
    @Override
    protected boolean shouldNotFilterAsyncDispatch() {
        return false;
    }

    private void render(HttpServletRequest request, HttpServletResponse response) throws IOException {
        boolean htmx = HtmxRequest.fromRequest(request).isHtmxRequest();
        Locale locale = locales.resolveLocale(request);
        response.resetBuffer();
        response.setStatus(HttpServletResponse.SC_SERVICE_UNAVAILABLE);
        response.setContentType("text/html;charset=UTF-8");
        response.setHeader("Retry-After", "30");
        response.setHeader("Cache-Control", "no-store");
        response.setHeader("X-Content-Type-Options", "nosniff");
        if (!response.containsHeader("Content-Security-Policy")) {
            response.setHeader("Content-Security-Policy", SecurityConfig.CONTENT_SECURITY_POLICY);
        }
        String query = request.getQueryString();
        String retry = "GET".equals(request.getMethod()) ? request.getRequestURI() + (query == null ? "" : "?" + query) : "/";
        var exchange = JakartaServletWebApplication.buildApplication(request.getServletContext()).buildExchange(request, response);
        WebContext context = new WebContext(exchange, locale, Map.of("retryUrl", retry));
        TemplateSpec page = new TemplateSpec("error/503", htmx ? Set.of("message") : null, TemplateMode.HTML, null);
        templates.process(page, context, response.getWriter());
        response.flushBuffer();
    }
}
