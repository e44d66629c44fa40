package studio.atelier.upstream;

import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.boot.web.server.context.WebServerInitializedEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import studio.atelier.upstream.Provider.ProviderSource;

/**
 * Which gateways exist. Configured providers are written to the database at start-up (so every node and the
 * admin console see the same list); the built-in demo points at this very app, whatever port it got.
 */
@Service
public class ProviderCatalog {

    public static final String DEMO_ID = "demo";
    private static final Logger log = LoggerFactory.getLogger(ProviderCatalog.class);

    private final ProviderRepository rows;
    private final ProviderSettings settings;
    private final DemoSettings demo;
    private final Clock clock;
    private volatile int localPort = -1;

    ProviderCatalog(ProviderRepository rows, ProviderSettings settings, DemoSettings demo, Clock clock) {
        this.rows = rows;
        this.settings = settings;
        this.demo = demo;
        this.clock = clock;
    }

    @EventListener
    void rememberPort(WebServerInitializedEvent event) {
        if (!"management".equals(event.getApplicationContext().getServerNamespace())) {
            localPort = event.getWebServer().getPort();
        }
    }

    @EventListener(ApplicationReadyEvent.class)
    @Transactional
    public void syncConfiguredProviders() {
        for (ProviderSettings.Entry entry : settings.providers()) {
            if (entry.id() == null || entry.baseUrl() == null || DEMO_ID.equals(entry.id())) {
                log.warn("Ignoring a configured provider without id/base-url (or named '{}')", DEMO_ID);
                continue;
            }
            Provider provider = new Provider(entry.id(), entry.name(), entry.baseUrl(), entry.models(), entry.defaultModel(),
                    entry.endpointStyle(), entry.timeout(), entry.allowPrivateNetwork(), entry.enabled(),
                    ProviderSource.CONFIGURATION);
            ProviderRow row = rows.findById(entry.id()).orElseGet(() -> new ProviderRow(entry.id()));
            row.update(provider, clock.instant());
            rows.save(row);
        }
    }

    @Transactional(readOnly = true)
    public List<Provider> all() {
        List<Provider> all = new ArrayList<>();
        demoProvider().ifPresent(all::add);
        rows.findAll().stream().map(ProviderRow::toProvider).sorted(Comparator.comparing(Provider::name)).forEach(all::add);
        return all;
    }

    @Transactional(readOnly = true)
    public List<Provider> enabled() {
        return all().stream().filter(Provider::enabled).toList();
    }

    /** An enabled provider by id; disabled and unknown ones are both absent, because neither may be used. */
    @Transactional(readOnly = true)
    public Optional<Provider> findEnabled(String id) {
        if (id == null) {
            return Optional.empty();
        }
        if (DEMO_ID.equals(id)) {
            return demoProvider();
        }
        return rows.findById(id).map(ProviderRow::toProvider).filter(Provider::enabled);
    }

    private Optional<Provider> demoProvider() {
        if (!demo.enabled()) {
            return Optional.empty();
        }
        int port = localPort > 0 ? localPort : 8080;
        return Optional.of(new Provider(DEMO_ID, "Demo — images drawn locally, offline", "http://127.0.0.1:" + port + "/demo/v1",
                List.of("stable-diffusion", "demo-watercolor"), "stable-diffusion", EndpointStyle.CHAT_COMPLETIONS,
                java.time.Duration.ofSeconds(60), true, true, ProviderSource.BUILT_IN));
    }
}
