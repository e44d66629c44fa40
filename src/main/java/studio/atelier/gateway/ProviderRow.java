package studio.atelier.gateway;

import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import studio.atelier.gateway.Provider.ProviderSource;

@Entity
@Table(name = "provider")
class ProviderRow {

    @Id
    private String id;
    private String name;
    @Column(name = "base_url")
    private String baseUrl;
    private String models;
    @Column(name = "default_model")
    private String defaultModel;
    @Enumerated(EnumType.STRING)
    @Column(name = "endpoint_style")
    private EndpointStyle endpointStyle;
    @Column(name = "timeout_seconds")
    private int timeoutSeconds;
    @Column(name = "allow_private_network")
    private boolean allowPrivateNetwork;
    private boolean enabled;
    @Enumerated(EnumType.STRING)
    private ProviderSource source;
    @Column(name = "updated_at")
    private Instant updatedAt;

    protected ProviderRow() {
    }

    ProviderRow(String id) {
        this.id = id;
    }

    void update(Provider p, Instant now) {
        this.name = p.name();
        this.baseUrl = p.baseUrl();
        this.models = String.join(",", p.models());
        this.defaultModel = p.defaultModel();
        this.endpointStyle = p.endpointStyle();
        this.timeoutSeconds = (int) p.timeout().toSeconds();
        this.allowPrivateNetwork = p.allowPrivateNetwork();
        this.enabled = p.enabled();
        this.source = p.source();
        this.updatedAt = now;
    }

    Provider toProvider() {
        return provider(id, name, baseUrl, models, defaultModel, endpointStyle, timeoutSeconds, allowPrivateNetwork, enabled, source);
    }

    /** Also used where the row is read with plain SQL (the catalog's hot lookup). */
    static Provider provider(String id, String name, String baseUrl, String models, String defaultModel, EndpointStyle endpointStyle,
            int timeoutSeconds, boolean allowPrivateNetwork, boolean enabled, ProviderSource source) {
        List<String> list = Arrays.stream(models.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
        return new Provider(id, name, baseUrl, list, defaultModel, endpointStyle, Duration.ofSeconds(timeoutSeconds),
                allowPrivateNetwork, enabled, source);
    }
}
