package studio.atelier.keys;

import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.validation.BindingResult;

import studio.atelier.shared.AdminOnly;
import studio.atelier.shared.StartUpLock;
import studio.atelier.gateway.GatewayClient;
import studio.atelier.gateway.KeyCheck;
import studio.atelier.gateway.Provider;
import studio.atelier.gateway.ProviderCatalog;

/**
 * Stores, tests and hands out people's gateway keys. Network calls to test a key happen outside any database
 * transaction so a slow gateway never holds a connection.
 */
@Service
public class ApiKeyService {

    private static final Logger log = LoggerFactory.getLogger(ApiKeyService.class);

    private final ApiKeyRepository keys;
    private final SecretCipher cipher;
    private final ProviderCatalog providers;
    private final GatewayClient gateway;
    private final TransactionTemplate tx;
    private final EncryptionSettings settings;
    private final Clock clock;
    private final TeamKeyRepository teamKeys;
    private final KeyChoices choices;
    private final KeyUses uses;
    private final StartUpLock startUpLock;

    ApiKeyService(ApiKeyRepository keys, SecretCipher cipher, ProviderCatalog providers, GatewayClient gateway,
            TransactionTemplate tx, EncryptionSettings settings, Clock clock, TeamKeyRepository teamKeys, KeyChoices choices,
            KeyUses uses, StartUpLock startUpLock) {
        this.startUpLock = startUpLock;
        this.choices = choices;
        this.uses = uses;
        this.teamKeys = teamKeys;
        this.keys = keys;
        this.cipher = cipher;
        this.providers = providers;
        this.gateway = gateway;
        this.tx = tx;
        this.settings = settings;
        this.clock = clock;
    }

    @Transactional(readOnly = true)
    public List<ApiKeyView> list(long ownerId) {
        return keys.findByOwnerIdOrderByCreatedAtDesc(ownerId).stream().map(ApiKeyRow::toView).toList();
    }

    /** The owner's keys for the provider, the one to offer first (see {@link KeyPreference}) at the top. */
    @Transactional(readOnly = true)
    public List<ApiKeyView> listFor(long ownerId, String providerId) {
        return keys.findByOwnerIdAndProviderIdOrderByCreatedAtDesc(ownerId, providerId).stream().map(ApiKeyRow::toView)
                .sorted(KeyPreference.VIEWS).toList();
    }

    /**
     * Saves the key (even one the gateway refuses: the person may know better, e.g. a gateway without a
     * models route) and reports what the test said. Field errors leave nothing saved.
     */
    public Optional<KeyCheckOutcome> save(long ownerId, ApiKeyForm form, BindingResult errors) {
        Optional<Provider> provider = providers.findEnabled(form.providerId());
        if (provider.isEmpty() && !errors.hasFieldErrors("providerId")) {
            errors.rejectValue("providerId", "keys.provider.unknown");
        }
        if (errors.hasErrors()) {
            return Optional.empty();
        }
        String secret = form.apiKey().trim();
        // no label: the page shows the provider's name in the reader's language instead
        String label = form.label() == null ? "" : form.label().trim();
        KeyCheckOutcome outcome = check(provider.get(), secret);
        tx.executeWithoutResult(status -> {
            ApiKeyRow row = new ApiKeyRow(ownerId, provider.get().id(), label, cipher.seal(secret), KeyMask.of(secret), clock.instant());
            row.recordCheck(outcome, clock.instant());
            keys.save(row);
            choices.forget(); // the preferred key may now be this one
        });
        return Optional.of(outcome);
    }

    /**
     * Stores a team's key (same test, encryption and masking as a personal key). The caller has checked that
     * {@code storedBy} may manage the team's keys.
     */
    public Optional<KeyCheckOutcome> saveForTeam(long teamId, long storedBy, ApiKeyForm form, BindingResult errors) {
        Optional<Provider> provider = providers.findEnabled(form.providerId());
        if (provider.isEmpty() && !errors.hasFieldErrors("providerId")) {
            errors.rejectValue("providerId", "keys.provider.unknown");
        }
        if (errors.hasErrors()) {
            return Optional.empty();
        }
        String secret = form.apiKey().trim();
        String label = form.label() == null || form.label().isBlank() ? provider.get().name() : form.label().trim();
        KeyCheckOutcome outcome = check(provider.get(), secret);
        tx.executeWithoutResult(status -> {
            TeamKeyRow row = new TeamKeyRow(teamId, storedBy, provider.get().id(), label, cipher.seal(secret), KeyMask.of(secret),
                    clock.instant());
            row.recordCheck(outcome, clock.instant());
            teamKeys.save(row);
        });
        return Optional.of(outcome);
    }

    @Transactional(readOnly = true)
    public List<ApiKeyView> listForTeam(long teamId) {
        return teamKeys.findByTeamIdOrderByCreatedAtDesc(teamId).stream().map(TeamKeyRow::toView).toList();
    }

    @Transactional(readOnly = true)
    public boolean teamHasKey(long teamId, String providerId) {
        return !teamKeys.findByTeamIdAndProviderIdOrderByCreatedAtDesc(teamId, providerId).isEmpty();
    }

    @Transactional
    public boolean deleteTeamKey(long teamId, long keyId) {
        Optional<TeamKeyRow> row = teamKeys.findByIdAndTeamId(keyId, teamId);
        row.ifPresent(teamKeys::delete);
        return row.isPresent();
    }

    /** The team's preferred key for {@code providerId} (the same order as a person's: not refused, worked last), decrypted for one call. */
    @Transactional(readOnly = true)
    public Optional<UsableKey> usableTeamKey(long teamId, String providerId) {
        return teamKeys.findByTeamIdAndProviderIdOrderByCreatedAtDesc(teamId, providerId).stream()
                .min(java.util.Comparator.comparing(TeamKeyRow::toView, KeyPreference.VIEWS))
                .flatMap(row -> providers.findEnabled(row.providerId()).map(p -> new UsableKey(row.id(), p, cipher.open(row.sealed()))));
    }

    /** @return empty when the key is not the owner's (the page answers 404) */
    public Optional<KeyCheckOutcome> test(long ownerId, long keyId) {
        Optional<UsableKey> usable = tx.execute(status -> keys.findByIdAndOwnerId(keyId, ownerId).flatMap(this::toUsable));
        if (usable == null || usable.isEmpty()) {
            return Optional.empty();
        }
        KeyCheckOutcome outcome = check(usable.get().provider(), usable.get().secret());
        tx.executeWithoutResult(status -> keys.findByIdAndOwnerId(keyId, ownerId).ifPresent(row -> {
            row.recordCheck(outcome, clock.instant());
            choices.forget(); // refused, or working again: which key is preferred may change
        }));
        return Optional.of(outcome);
    }

    @Transactional
    public boolean delete(long ownerId, long keyId) {
        Optional<ApiKeyRow> row = keys.findByIdAndOwnerId(keyId, ownerId);
        row.ifPresent(keys::delete);
        if (row.isPresent()) {
            choices.forget();
        }
        return row.isPresent();
    }

    /**
     * The key to call {@code providerId} with: the chosen one if it is the owner's and for that provider, otherwise
     * (no choice made) the one they prefer (see {@link KeyPreference}).
     */
    @Transactional(readOnly = true)
    public Optional<UsableKey> usableKey(long ownerId, String providerId, Long keyId) {
        return providers.findEnabled(providerId).flatMap(provider -> choices.choose(ownerId, providerId, keyId)
                .map(chosen -> new UsableKey(chosen.id(), provider, cipher.open(chosen.sealed()))));
    }

    /** Notes what a call made with the key (a person's or a team's) said about it. */
    @Transactional
    public void recordUse(long keyId, KeyUse use) {
        uses.record(keyId, use);
    }

    /** Re-seals every key that is not under the current master key; returns how many changed. */
    @Transactional
    @AdminOnly
    public int reencryptAll() {
        int changed = 0;
        for (ApiKeyRow row : keys.findAll()) {
            if (!cipher.isCurrent(row.sealed().keyId())) {
                row.reseal(cipher.seal(cipher.open(row.sealed())));
                changed++;
            }
        }
        for (TeamKeyRow row : teamKeys.findAll()) {
            if (!cipher.isCurrent(row.sealed().keyId())) {
                row.reseal(cipher.seal(cipher.open(row.sealed())));
                changed++;
            }
        }
        if (changed > 0) {
            choices.forget();
        }
        return changed;
    }

    @EventListener(ApplicationReadyEvent.class)
    void reencryptOnStart() {
        if (settings.reencryptOnStart()) {
            // a call on this object skips the proxy and its @Transactional: without one the rows read were detached and
            // re-sealing them saved nothing. Nodes starting together take turns, so none re-seals rows another is writing.
            Integer changed = tx.execute(status -> {
                startUpLock.take();
                return reencryptAll();
            });
            log.info("Re-encrypted {} stored API key(s) with the current master key", changed);
        }
    }

    private Optional<UsableKey> toUsable(ApiKeyRow row) {
        return providers.findEnabled(row.providerId()).map(p -> new UsableKey(row.id(), p, cipher.open(row.sealed())));
    }

    private KeyCheckOutcome check(Provider provider, String secret) {
        try {
            KeyCheck result = gateway.checkKey(provider.endpoint(), secret).get(30, TimeUnit.SECONDS);
            if (result.ok()) {
                return new KeyCheckOutcome(true, "keys.check.ok", null, null);
            }
            return new KeyCheckOutcome(false, result.errorKind().messageKey(), result.gatewayMessage(), result.errorKind());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new KeyCheckOutcome(false, "keys.check.unreachable", null, null);
        } catch (Exception e) {
            return new KeyCheckOutcome(false, "keys.check.unreachable", null, null);
        }
    }
}
