package studio.atelier.generation;

import java.util.List;
import java.util.Optional;

import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import studio.atelier.generation.image.ImageStore;

/**
 * A person's generations once queued: find, cancel, mark as favourite, delete, and reuse as a new form. New ones are
 * queued by {@link GenerationSubmission}.
 */
@Service
public class GenerationService {

    private final GenerationRepository generations;
    private final GenerationImageRepository images;
    private final Optional<SharedAccess> teams;
    private final JobQueue queue;
    private final GenerationWorker worker;
    private final ImageStore store;

    /** @param teams absent without the team module: then only owners see their generations */
    GenerationService(GenerationRepository generations, GenerationImageRepository images, Optional<SharedAccess> teams, JobQueue queue,
            GenerationWorker worker, ImageStore store) {
        this.generations = generations;
        this.images = images;
        this.teams = teams;
        this.queue = queue;
        this.worker = worker;
        this.store = store;
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
        return teams.isPresent() && teams.get().canView(viewerId, generationId);
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
