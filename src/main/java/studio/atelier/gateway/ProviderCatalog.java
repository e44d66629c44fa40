package studio.atelier.gateway;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.boot.web.server.context.WebServerInitializedEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import studio.atelier.demo.DemoSettings;
import studio.atelier.gateway.Provider.ProviderSource;
import studio.atelier.shared.AdminOnly;
import studio.atelier.shared.StartUpLock;

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
    private final StoredProviders stored;
    private volatile int localPort = -1;

    private final StartUpLock startUpLock;

    ProviderCatalog(ProviderRepository rows, ProviderSettings settings, DemoSettings demo, Clock clock, StoredProviders stored,
            StartUpLock startUpLock) {
        this.stored = stored;
        this.startUpLock = startUpLock;
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

    /** Nodes starting together take turns (see {@link StartUpLock}): each then finds the other's rows and updates them. */
    @EventListener(ApplicationReadyEvent.class)
    @Transactional
    public void syncConfiguredProviders() {
        startUpLock.take();
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
        stored.forget();
    }

    @Transactional(readOnly = true)
    public List<Provider> all() {
        List<Provider> all = new ArrayList<>();
        demoProvider().ifPresent(all::add);
        all.addAll(stored.all());
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
        return stored.find(id).filter(Provider::enabled);
    }

    /** An administrator's provider, created or replaced; configured and built-in ones cannot be changed here. */
    @Transactional
    @AdminOnly
    public Optional<Provider> saveFromConsole(ProviderForm form, org.springframework.validation.BindingResult errors) {
        java.util.List<String> models = java.util.Arrays.stream(form.models().split(",")).map(String::trim).filter(m -> !m.isEmpty())
                .distinct().toList();
        String defaultModel = form.defaultModel() == null || form.defaultModel().isBlank()
                ? (models.isEmpty() ? null : models.get(0)) : form.defaultModel().trim();
        if (!errors.hasFieldErrors("models") && (models.isEmpty() || !models.contains(defaultModel))) {
            errors.rejectValue("defaultModel", "admin.providers.defaultModel.invalid");
        }
        int timeout = form.timeoutSeconds() == null || form.timeoutSeconds().isBlank() ? 300 : Integer.parseInt(form.timeoutSeconds().trim());
        if (!errors.hasFieldErrors("timeoutSeconds") && (timeout < 5 || timeout > 900)) {
            errors.rejectValue("timeoutSeconds", "admin.providers.timeout.invalid");
        }
        EndpointStyle style;
        try {
            style = form.endpointStyle() == null ? EndpointStyle.CHAT_COMPLETIONS : EndpointStyle.valueOf(form.endpointStyle());
        } catch (IllegalArgumentException e) {
            errors.rejectValue("endpointStyle", "admin.providers.style.invalid");
            style = EndpointStyle.CHAT_COMPLETIONS;
        }
        Optional<ProviderRow> existing = form.id() == null ? Optional.empty() : rows.findById(form.id());
        if (DEMO_ID.equals(form.id()) || existing.map(r -> r.toProvider().source() != ProviderSource.CONSOLE).orElse(false)) {
            errors.rejectValue("id", "admin.providers.id.readOnly");
        }
        if (errors.hasErrors()) {
            return Optional.empty();
        }
        Provider provider = new Provider(form.id(), form.name().trim(), form.baseUrl().trim().replaceAll("/+$", ""), models, defaultModel,
                style, java.time.Duration.ofSeconds(timeout), ProviderForm.checked(form.allowPrivateNetwork()),
                ProviderForm.checked(form.enabled()), ProviderSource.CONSOLE);
        ProviderRow row = existing.orElseGet(() -> new ProviderRow(form.id()));
        row.update(provider, clock.instant());
        rows.save(row);
        stored.forget();
        return Optional.of(provider);
    }

    /** @return the provider before the change, if it exists and may be changed from the console */
    @Transactional
    @AdminOnly
    public Optional<Provider> setEnabled(String id, boolean enabled) {
        return rows.findById(id).filter(r -> r.toProvider().source() == ProviderSource.CONSOLE).map(r -> {
            Provider before = r.toProvider();
            Provider after = new Provider(before.id(), before.name(), before.baseUrl(), before.models(), before.defaultModel(),
                    before.endpointStyle(), before.timeout(), before.allowPrivateNetwork(), enabled, before.source());
            r.update(after, clock.instant());
            stored.forget();
            return before;
        });
    }

    @Transactional(readOnly = true)
    public Optional<Provider> find(String id) {
        return DEMO_ID.equals(id) ? demoProvider() : rows.findById(id).map(ProviderRow::toProvider);
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
