package studio.atelier.generation;

import java.util.Optional;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import studio.atelier.generation.image.ImageBlob;
import studio.atelier.generation.image.ImageStore;

/** Serves stored images to the people allowed to see them: the owner, administrators, and teams it is shared with. */
@Service
public class ImageAccess {

    public record ServedImage(String sha256, String fileName, ImageBlob blob) {
    }

    private final GenerationImageRepository images;
    private final GenerationRepository generations;
    private final ImageStore store;
    private final ObjectProvider<SharedAccess> shared;

    ImageAccess(GenerationImageRepository images, GenerationRepository generations, ImageStore store,
            ObjectProvider<SharedAccess> shared) {
        this.images = images;
        this.generations = generations;
        this.store = store;
        this.shared = shared;
    }

    @Transactional(readOnly = true)
    public Optional<ServedImage> find(long imageId, long viewerId, boolean viewerIsAdmin, boolean thumbnail) {
        // hidden by an administrator: only administrators still see it, wherever it was shared
        return images.findById(imageId)
                .filter(i -> viewerIsAdmin || (!generations.findById(i.generationId()).map(Generation::hidden).orElse(true)
                        && (i.ownerId() == viewerId || shared.stream().anyMatch(s -> s.canView(viewerId, i.generationId())))))
                .flatMap(i ->
                store.find(i.sha256(), thumbnail ? ImageStore.Variant.THUMBNAIL : ImageStore.Variant.ORIGINAL)
                        .map(blob -> new ServedImage(i.sha256(), "atelier-" + i.generationId() + "-" + (i.position() + 1) + "."
                                + blob.format().extension(), blob)));
    }
}
