package studio.atelier.generation;

import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.validation.BindingResult;

import studio.atelier.keys.ApiKeyService;
import studio.atelier.keys.UsableKey;
import studio.atelier.generation.image.ImageStore;
import studio.atelier.gateway.Provider;
import studio.atelier.gateway.ProviderCatalog;

/**
 * Queues, cancels, retries and removes generations. A generation is persisted as QUEUED before anything is
 * sent; a refused form leaves nothing behind.
 */
@Service
public class GenerationService {

    private final GenerationRepository generations;
    private final GenerationImageRepository images;
    private final ProviderCatalog providers;
    private final ApiKeyService apiKeys;
    private final JobQueue queue;
    private final GenerationWorker worker;
    private final ImageStore store;
    private final ApplicationEventPublisher events;
    private final Clock clock;
    private final ObjectProvider<SubmissionGuard> guards;
    private volatile List<SubmissionGuard> guardList;
    private final org.springframework.jdbc.core.simple.JdbcClient jdbc;
    private final ObjectProvider<SharedAccess> shared;

    GenerationService(GenerationRepository generations, GenerationImageRepository images, ProviderCatalog providers,
            ApiKeyService apiKeys, JobQueue queue, GenerationWorker worker, ImageStore store, ApplicationEventPublisher events,
            Clock clock, ObjectProvider<SubmissionGuard> guards, org.springframework.jdbc.core.simple.JdbcClient jdbc,
            ObjectProvider<SharedAccess> shared) {
        this.guards = guards;
        this.jdbc = jdbc;
        this.shared = shared;
        this.generations = generations;
        this.images = images;
        this.providers = providers;
        this.apiKeys = apiKeys;
        this.queue = queue;
        this.worker = worker;
        this.store = store;
        this.events = events;
        this.clock = clock;
    }

    /** @return the new generation's id, or empty with the reasons in {@code errors} */
    @Transactional
    public Optional<Long> submit(long ownerId, GenerationForm form, BindingResult errors) {
        return submit(ownerId, form, errors, null);
    }

    /** As {@link #submit(long, GenerationForm, BindingResult)}; with a {@code teamId}, "as the team" with the team's key. */
    @Transactional
    public Optional<Long> submit(long ownerId, GenerationForm form, BindingResult errors, Long teamId) {
        Optional<Provider> provider = providers.findEnabled(form.providerId());
        if (provider.isEmpty() && !errors.hasFieldErrors("providerId")) {
            errors.rejectValue("providerId", "generation.provider.unknown");
        }
        String model = form.model() == null || form.model().isBlank() ? provider.map(Provider::defaultModel).orElse(null) : form.model().trim();
        if (provider.isPresent() && !provider.get().offers(model) && !errors.hasFieldErrors("model")) {
            errors.rejectValue("model", "generation.model.unknown");
        }
        if (!errors.hasFieldErrors("temperature") && !errors.hasFieldErrors("topP") && form.temperatureValue() != null
                && form.topPValue() != null) {
            errors.rejectValue("topP", "generation.topP.both");
        }
        Map<String, Integer> bias = null;
        Optional<UsableKey> key = Optional.empty();
        try {
            bias = LogitBias.parse(form.logitBias()).orElse(null);
        } catch (LogitBias.InvalidLogitBias invalid) {
            errors.rejectValue("logitBias", invalid.messageCode);
        }
        if (provider.isPresent() && teamId != null) {
            if (!mayGenerateAs(ownerId, teamId, provider.get().id())) {
                errors.reject("generation.team.unknown");
            }
        } else if (provider.isPresent() && !errors.hasFieldErrors("keyId")) {
            key = apiKeys.usableKey(ownerId, provider.get().id(), form.keyIdValue());
            if (key.isEmpty()) {
                errors.reject(form.keyIdValue() == null ? "generation.key.missing" : "generation.key.unknown");
            }
        }
        if (errors.hasErrors()) {
            return Optional.empty();
        }
        // Quotas (usage module): checked and reserved in this transaction, so nothing is saved when refused.
        Optional<SubmissionGuard.Refusal> refusal = guard(ownerId, teamId, provider.get().id(), model, form.nValue());
        if (refusal.isPresent()) {
            errors.reject(refusal.get().messageCode(), refusal.get().args(), refusal.get().defaultMessage());
            return Optional.empty();
        }
        GenerationParameters parameters = new GenerationParameters(form.temperatureValue(), form.topPValue(), form.maxTokensValue(),
                form.nValue(), form.streamed(), form.presencePenaltyValue(), form.frequencyPenaltyValue(), bias);
        String system = form.systemPrompt() == null || form.systemPrompt().isBlank() ? null : form.systemPrompt().trim();
        GenerationRequest request = new GenerationRequest(provider.get().id(), model, teamId == null ? form.keyIdValue() : null, form.prompt().trim(),
                system, parameters, teamId);
        return Optional.of(enqueue(ownerId, request, null, key));
    }

    private Optional<SubmissionGuard.Refusal> guard(long ownerId, Long teamId, String providerId, String model, Integer images) {
        List<SubmissionGuard> known = guardList;
        if (known == null) {
            // resolved on first use (the guards depend on this service) and kept: every submission asks
            known = guardList = guards.orderedStream().toList();
        }
        for (SubmissionGuard guard : known) {
            Optional<SubmissionGuard.Refusal> refusal = guard.check(ownerId, teamId, providerId, model, images == null ? 1 : images);
            if (refusal.isPresent()) {
                return refusal;
            }
        }
        return Optional.empty();
    }

    /** This person's queued and running generations (what quotas count as reserved), personal and as a team. */
    @Transactional(readOnly = true)
    public List<InFlightGeneration> inFlight(long ownerId) {
        return jdbc.sql("select id, provider_id, model, images_requested, team_id from generation where owner_id = :o "
                        + "and status in ('QUEUED','RUNNING')").param("o", ownerId)
                .query((rs, n) -> inFlight(rs)).list();
    }

    /** Queued and running generations made as this team, by any member (what team budgets count as reserved). */
    @Transactional(readOnly = true)
    public List<InFlightGeneration> teamInFlight(long teamId) {
        return jdbc.sql("select id, provider_id, model, images_requested, team_id from generation where team_id = :t "
                        + "and status in ('QUEUED','RUNNING')").param("t", teamId)
                .query((rs, n) -> inFlight(rs)).list();
    }

    private static InFlightGeneration inFlight(java.sql.ResultSet rs) throws java.sql.SQLException {
        return new InFlightGeneration(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getInt(4), rs.getObject(5, Long.class));
    }

    /** @param key the key the job will be sent with, when the caller already has it (empty: looked up if needed) */
    private long enqueue(long ownerId, GenerationRequest request, Long retryOf, Optional<UsableKey> key) {
        java.time.Instant now = clock.instant();
        Optional<StartAtOnce.Reserved> start = worker.startAtOnce(ownerId, request, now, key);
        JobQueue.Added added = queue.add(ownerId, request, now, retryOf, start.map(StartAtOnce.Reserved::place).orElse(null));
        if (added.started()) {
            start.get().started(added.id());
        } else {
            events.publishEvent(new GenerationQueued(added.id()));
        }
        return added.id();
    }

    /** A new generation with the same parameters; empty if it is not the owner's or can no longer be sent. */
    @Transactional
    public Optional<Long> retry(long ownerId, long id) {
        Optional<Generation> original = generations.findByIdAndOwnerId(id, ownerId);
        if (original.isEmpty()) {
            return Optional.empty();
        }
        GenerationRequest request = original.get().toRequest();
        boolean asTeam = request.teamId() != null && providers.findEnabled(request.providerId()).isPresent()
                && mayGenerateAs(ownerId, request.teamId(), request.providerId());
        guard(ownerId, asTeam ? request.teamId() : null, request.providerId(), request.model(), request.parameters().n()).ifPresent(refusal -> {
            throw new GenerationRefused(refusal.shortCode());
        });
        if (asTeam) {
            return Optional.of(enqueue(ownerId, new GenerationRequest(request.providerId(), request.model(), null, request.prompt(),
                    request.systemPrompt(), request.parameters(), request.teamId()), id, Optional.empty()));
        }
        // the key chosen the first time if it still exists, otherwise the newest (none: the provider is gone or disabled)
        Optional<UsableKey> chosen = request.apiKeyId() == null ? Optional.empty()
                : apiKeys.usableKey(ownerId, request.providerId(), request.apiKeyId());
        Optional<UsableKey> key = chosen.isPresent() ? chosen : apiKeys.usableKey(ownerId, request.providerId(), null);
        if (key.isEmpty()) {
            throw new GenerationRefused("generation.retry.noKey");
        }
        GenerationRequest again = new GenerationRequest(request.providerId(), request.model(), chosen.isPresent() ? request.apiKeyId() : null,
                request.prompt(), request.systemPrompt(), request.parameters(), null);
        return Optional.of(enqueue(ownerId, again, id, key));
    }

    /** @return false when there is no such generation of this owner */
    public boolean cancel(long ownerId, long id) {
        if (queue.cancelQueued(id, ownerId)) {
            return true;
        }
        if (queue.requestCancel(id, ownerId)) {
            worker.cancelLocal(id);
            return true;
        }
        return generations.findByIdAndOwnerId(id, ownerId).isPresent();
    }

    @Transactional
    public Optional<Boolean> toggleFavourite(long ownerId, long id) {
        return generations.findByIdAndOwnerId(id, ownerId).map(g -> {
            g.toggleFavourite();
            return g.toView(List.of()).favourite();
        });
    }

    /** Deletes a finished generation; image files go when no other generation still uses them. */
    @Transactional
    public boolean delete(long ownerId, long id) {
        Optional<Generation> found = generations.findByIdAndOwnerId(id, ownerId);
        if (found.isEmpty()) {
            return false;
        }
        if (!found.get().status().isFinished()) {
            throw new GenerationRefused("generation.delete.running");
        }
        List<GenerationImage> own = images.findByGenerationIdOrderByPosition(id);
        images.deleteAll(own);
        generations.delete(found.get());
        images.flush();
        for (GenerationImage image : own) {
            if (images.countBySha256(image.sha256()) == 0) {
                store.delete(image.sha256());
            }
        }
        return true;
    }

    @Transactional(readOnly = true)
    public Optional<GenerationView> find(long ownerId, long id) {
        return generations.findByIdAndOwnerId(id, ownerId)
                .map(g -> g.toView(images.findByGenerationIdOrderByPosition(id).stream().map(GenerationImage::id).toList()));
    }

    /** The generation if it is the viewer's own or shared with one of the viewer's teams. */
    @Transactional(readOnly = true)
    public Optional<GenerationView> findVisible(long viewerId, long id) {
        return generations.findById(id).filter(g -> g.ownerId() == viewerId || sharedWith(viewerId, id))
                .map(g -> g.toView(images.findByGenerationIdOrderByPosition(id).stream().map(GenerationImage::id).toList()));
    }

    private boolean sharedWith(long viewerId, long generationId) {
        return shared.stream().anyMatch(s -> s.canView(viewerId, generationId));
    }

    private boolean mayGenerateAs(long userId, long teamId, String providerId) {
        return shared.stream().anyMatch(s -> s.mayGenerateAs(userId, teamId, providerId));
    }

    private static String text(Object value) {
        return value == null ? null : value.toString();
    }

    /** The form pre-filled from an earlier generation ("reuse prompt"): one's own, or one shared with one's team. */
    @Transactional(readOnly = true)
    public Optional<GenerationForm> reuse(long ownerId, long id) {
        return generations.findById(id).filter(g -> g.ownerId() == ownerId || sharedWith(ownerId, id)).map(g -> {
            GenerationRequest r = g.toRequest();
            boolean ownKey = g.ownerId() == ownerId && r.teamId() == null;
            GenerationParameters p = r.parameters();
            String bias = p.logitBias() == null ? null : new tools.jackson.databind.json.JsonMapper().writeValueAsString(p.logitBias());
            return new GenerationForm(r.prompt(), r.systemPrompt(), r.providerId(), ownKey ? text(r.apiKeyId()) : null, r.model(), text(p.temperature()),
                    text(p.topP()), text(p.maxTokens()), text(p.n()), String.valueOf(p.stream()), text(p.presencePenalty()),
                    text(p.frequencyPenalty()), bias);
        });
    }
}
