package studio.atelier.generation;

import java.util.Optional;

import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import studio.atelier.generation.image.ImageBlob;
import studio.atelier.generation.image.ImageStore;

/** Serves stored images to the people allowed to see them: the owner, and administrators. */
@Service
public class ImageAccess {

    public record ServedImage(String sha256, String fileName, ImageBlob blob) {
    }

    private final GenerationImageRepository images;
    private final GenerationRepository generations;
    private final ImageStore store;

    ImageAccess(GenerationImageRepository images, GenerationRepository generations, ImageStore store) {
        this.images = images;
        this.generations = generations;
        this.store = store;
    }

    @Transactional(readOnly = true)
    public Optional<ServedImage> find(long imageId, long viewerId, boolean viewerIsAdmin, boolean thumbnail) {
        return images.findById(imageId)
                .filter(i -> viewerIsAdmin || (i.ownerId() == viewerId && !generations.findById(i.generationId()).map(Generation::hidden).orElse(true)))
                .flatMap(i ->
                store.find(i.sha256(), thumbnail ? ImageStore.Variant.THUMBNAIL : ImageStore.Variant.ORIGINAL)
                        .map(blob -> new ServedImage(i.sha256(), "atelier-" + i.generationId() + "-" + (i.position() + 1) + "."
                                + blob.format().extension(), blob)));
    }
}
