package studio.atelier.config;

import java.io.IOException;
import java.util.UUID;
import java.util.regex.Pattern;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.slf4j.MDC;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Gives every request an id that each log line written while it is served carries ({@code requestId} in the MDC, a
 * field of its own in JSON logs) and that the response echoes in {@code X-Request-Id}. A load balancer's id is kept when
 * it looks like one (letters, digits, {@code . _ : -}, at most 64), so one request can be followed from the balancer's
 * log to the node's; anything else a client sends is replaced, so no one can write arbitrary text into the logs.
 * First of all filters, so that the session, security and outage filters' lines carry it too.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE)
class RequestIdFilter extends OncePerRequestFilter {

    static final String HEADER = "X-Request-Id";
    static final String MDC_KEY = "requestId";
    private static final Pattern SANE = Pattern.compile("[A-Za-z0-9._:-]{1,64}");

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String incoming = request.getHeader(HEADER);
        String id = incoming != null && SANE.matcher(incoming).matches() ? incoming : UUID.randomUUID().toString();
        response.setHeader(HEADER, id);
        try (MDC.MDCCloseable ignored = MDC.putCloseable(MDC_KEY, id)) {
            chain.doFilter(request, response);
        }
    }

    /** Lines written while an error page is rendered belong to the same request. */
    @Override
    protected boolean shouldNotFilterErrorDispatch() {
        return false;
    }
}
