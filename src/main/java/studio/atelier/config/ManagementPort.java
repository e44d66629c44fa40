package studio.atelier.config;

import jakarta.servlet.http.HttpServletRequest;

import org.springframework.boot.web.server.context.WebServerInitializedEvent;
import org.springframework.context.event.EventListener;
import org.springframework.security.web.util.matcher.RequestMatcher;
import org.springframework.stereotype.Component;

/**
 * Requests to the Prometheus endpoint that arrive on {@code management.server.port}, when one is set: a scraper reads
 * them there without a browser session. That port is meant for the internal network only (the load balancer forwards
 * the application's port, never this one); without it the endpoint stays for administrators, on the application's port.
 */
@Component
class ManagementPort implements RequestMatcher {

    private volatile int port = -1;

    @EventListener
    void remember(WebServerInitializedEvent event) {
        if ("management".equals(event.getApplicationContext().getServerNamespace())) {
            port = event.getWebServer().getPort();
        }
    }

    @Override
    public boolean matches(HttpServletRequest request) {
        return port > 0 && request.getLocalPort() == port && request.getRequestURI().endsWith("/prometheus");
    }
}
