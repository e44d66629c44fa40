package studio.atelier.generation;

import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.validation.BindingResult;

import studio.atelier.keys.ApiKeyService;
import studio.atelier.keys.UsableKey;
import studio.atelier.gateway.Provider;
import studio.atelier.gateway.ProviderCatalog;

/**
 * Queues new generations: from the generate form, or again from an earlier one (retry). A generation is persisted as
 * QUEUED before anything is sent; a refused form leaves nothing behind.
 *
 * <p>A submission is one pass: the provider and model, the parameters, the team it is made as or the person's key,
 * the {@link SubmissionGuard}s, then the queue. The guards (quotas) run only on a form without errors, inside this
 * transaction, so what they reserve is saved with the generation or not at all.
 */
@Service
public class GenerationSubmission {

    private final ProviderCatalog providers;
    private final ApiKeyService apiKeys;
    private final Optional<SharedAccess> teams;
    private final List<SubmissionGuard> guards;
    private final GenerationRepository generations;
    private final JobQueue queue;
    private final GenerationWorker worker;
    private final ApplicationEventPublisher events;
    private final Clock clock;

    /**
     * @param teams absent without the team module: then nobody generates as a team
     * @param guards in their {@code @Order}; none lets every submission pass
     */
    GenerationSubmission(ProviderCatalog providers, ApiKeyService apiKeys, Optional<SharedAccess> teams, List<SubmissionGuard> guards,
            GenerationRepository generations, JobQueue queue, GenerationWorker worker, ApplicationEventPublisher events, Clock clock) {
        this.providers = providers;
        this.apiKeys = apiKeys;
        this.teams = teams;
        this.guards = List.copyOf(guards);
        this.generations = generations;
        this.queue = queue;
        this.worker = worker;
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
        String model = form.modelOr(provider.map(Provider::defaultModel).orElse(null));
        checkProviderAndModel(provider, model, errors);
        Map<String, Integer> logitBias = checkParameters(form, errors);
        Optional<UsableKey> key = Optional.empty();
        if (provider.isPresent() && teamId != null) {
            checkTeam(ownerId, teamId, provider.get().id(), errors);
        } else if (provider.isPresent() && !errors.hasFieldErrors("keyId")) {
            key = checkKey(ownerId, provider.get().id(), form.keyIdValue(), errors);
        }
        if (errors.hasErrors()) {
            return Optional.empty();
        }
        Optional<SubmissionGuard.Refusal> refusal = refusal(ownerId, teamId, provider.get().id(), model, form.nValue());
        if (refusal.isPresent()) {
            errors.reject(refusal.get().messageCode(), refusal.get().args(), refusal.get().defaultMessage());
            return Optional.empty();
        }
        GenerationRequest request = new GenerationRequest(provider.get().id(), model, teamId == null ? form.keyIdValue() : null,
                form.prompt().trim(), form.systemPromptValue(), form.parameters(logitBias), teamId);
        return Optional.of(enqueue(ownerId, request, null, key));
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
        refusal(ownerId, asTeam ? request.teamId() : null, request.providerId(), request.model(), request.parameters().n()).ifPresent(refusal -> {
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

    private static void checkProviderAndModel(Optional<Provider> provider, String model, BindingResult errors) {
        if (provider.isEmpty() && !errors.hasFieldErrors("providerId")) {
            errors.rejectValue("providerId", "generation.provider.unknown");
        }
        if (provider.isPresent() && !provider.get().offers(model) && !errors.hasFieldErrors("model")) {
            errors.rejectValue("model", "generation.model.unknown");
        }
    }

    /** @return the logit bias to send (null when none); temperature and top p are refused together */
    private static Map<String, Integer> checkParameters(GenerationForm form, BindingResult errors) {
        if (!errors.hasFieldErrors("temperature") && !errors.hasFieldErrors("topP") && form.temperatureValue() != null
                && form.topPValue() != null) {
            errors.rejectValue("topP", "generation.topP.both");
        }
        try {
            return LogitBias.parse(form.logitBias()).orElse(null);
        } catch (LogitBias.InvalidLogitBias invalid) {
            errors.rejectValue("logitBias", invalid.messageCode);
            return null;
        }
    }

    private void checkTeam(long ownerId, long teamId, String providerId, BindingResult errors) {
        if (!mayGenerateAs(ownerId, teamId, providerId)) {
            errors.reject("generation.team.unknown");
        }
    }

    /** @return the key chosen on the form, or the person's newest for the provider when none was chosen */
    private Optional<UsableKey> checkKey(long ownerId, String providerId, Long keyId, BindingResult errors) {
        Optional<UsableKey> key = apiKeys.usableKey(ownerId, providerId, keyId);
        if (key.isEmpty()) {
            errors.reject(keyId == null ? "generation.key.missing" : "generation.key.unknown");
        }
        return key;
    }

    private Optional<SubmissionGuard.Refusal> refusal(long ownerId, Long teamId, String providerId, String model, Integer images) {
        for (SubmissionGuard guard : guards) {
            Optional<SubmissionGuard.Refusal> refusal = guard.check(ownerId, teamId, providerId, model, images == null ? 1 : images);
            if (refusal.isPresent()) {
                return refusal;
            }
        }
        return Optional.empty();
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

    private boolean mayGenerateAs(long userId, long teamId, String providerId) {
        return teams.isPresent() && teams.get().mayGenerateAs(userId, teamId, providerId);
    }
}
