package studio.atelier.generation;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import studio.atelier.generation.image.ImageBlob;
import studio.atelier.generation.image.ImageStore;

/** A person's own generations with their original images, for taking them away (the gallery's ZIP). */
@Service
public class GenerationFiles {

    /** One stored original, named as downloads name it. */
    public static final class Original {

        private final String fileName;
        private final ImageBlob blob;

        private Original(String fileName, ImageBlob blob) {
            this.fileName = fileName;
            this.blob = blob;
        }

        public String fileName() {
            return fileName;
        }

        public void copyTo(OutputStream out) throws IOException {
            try (InputStream in = blob.open()) {
                in.transferTo(out);
            }
        }
    }

    private final GenerationRepository generations;
    private final GenerationImageRepository images;
    private final ImageStore store;

    GenerationFiles(GenerationRepository generations, GenerationImageRepository images, ImageStore store) {
        this.generations = generations;
        this.images = images;
        this.store = store;
    }

    /** Those among {@code ids} that belong to the owner; others are silently left out. */
    @Transactional(readOnly = true)
    public List<GenerationView> owned(long ownerId, Collection<Long> ids) {
        return generations.findAllById(ids).stream().filter(g -> g.ownerId() == ownerId).map(g -> g.toView(List.of())).toList();
    }

    /** The owner's generation's originals still in the image store, in order; none of someone else's generation. */
    @Transactional(readOnly = true)
    public List<Original> originals(long ownerId, long generationId) {
        return images.findByGenerationIdOrderByPosition(generationId).stream().filter(i -> i.ownerId() == ownerId)
                .map(i -> store.find(i.sha256(), ImageStore.Variant.ORIGINAL)
                        .map(blob -> new Original("atelier-" + generationId + "-" + (i.position() + 1) + "." + blob.format().extension(), blob)))
                .flatMap(Optional::stream).toList();
    }
}
