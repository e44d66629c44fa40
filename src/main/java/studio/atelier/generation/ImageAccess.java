package studio.atelier.generation;

import java.util.Optional;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

import studio.atelier.generation.image.ImageBlob;
import studio.atelier.generation.image.ImageStore;

/** Serves stored images to the people allowed to see them: the owner, administrators, and teams it is shared with. */
@Service
public class ImageAccess {

    public record ServedImage(String sha256, String fileName, ImageBlob blob) {
    }

    /** What deciding about one image needs, read in one statement: a gallery page asks for dozens of thumbnails at once. */
    private record ImageRef(long generationId, long ownerId, int position, String sha256, boolean hidden) {
    }

    private final JdbcClient jdbc;
    private final ImageStore store;
    private final ObjectProvider<SharedAccess> shared;

    ImageAccess(JdbcClient jdbc, ImageStore store, ObjectProvider<SharedAccess> shared) {
        this.jdbc = jdbc;
        this.store = store;
        this.shared = shared;
    }

    /**
     * The origin image bytes are redirected to when the store hands out signed links (pages must allow it as an image
     * source); empty when bytes come through Atelier.
     */
    public Optional<String> redirectOrigin() {
        return store.redirectOrigin();
    }

    public Optional<ServedImage> find(long imageId, long viewerId, boolean viewerIsAdmin, boolean thumbnail) {
        return jdbc.sql("select i.generation_id, i.owner_id, i.position, i.sha256, g.hidden_at from generation_image i "
                        + "join generation g on g.id = i.generation_id where i.id = :id")
                .param("id", imageId)
                .query((rs, n) -> new ImageRef(rs.getLong(1), rs.getLong(2), rs.getInt(3), rs.getString(4), rs.getTimestamp(5) != null))
                .optional()
                // hidden by an administrator: only administrators still see it, wherever it was shared
                .filter(i -> viewerIsAdmin || (!i.hidden()
                        && (i.ownerId() == viewerId || shared.stream().anyMatch(s -> s.canView(viewerId, i.generationId())))))
                .flatMap(i -> store.find(i.sha256(), thumbnail ? ImageStore.Variant.THUMBNAIL : ImageStore.Variant.ORIGINAL)
                        .map(blob -> new ServedImage(i.sha256(), "atelier-" + i.generationId() + "-" + (i.position() + 1) + "."
                                + blob.format().extension(), blob)));
    }
}
