package studio.atelier.generation;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import studio.atelier.generation.image.ImageBlob;
import studio.atelier.generation.image.ImageStore;
import tools.jackson.databind.json.JsonMapper;

/** Selected generations as one ZIP, streamed: the images plus a metadata.json with prompts and parameters. */
@Service
public class GalleryExport {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final GenerationRepository generations;
    private final GenerationImageRepository images;
    private final ImageStore store;

    GalleryExport(GenerationRepository generations, GenerationImageRepository images, ImageStore store) {
        this.generations = generations;
        this.images = images;
        this.store = store;
    }

    /** The ids among {@code ids} that belong to the owner; others are silently left out. */
    @Transactional(readOnly = true)
    public List<Long> ownedAmong(long ownerId, Collection<Long> ids) {
        return generations.findAllById(ids).stream().filter(g -> g.ownerId() == ownerId).map(Generation::id).toList();
    }

    @Transactional(readOnly = true)
    public void writeZip(long ownerId, Collection<Long> ids, OutputStream out) throws IOException {
        List<Map<String, Object>> metadata = new ArrayList<>();
        try (ZipOutputStream zip = new ZipOutputStream(out)) {
            for (Generation g : generations.findAllById(ids)) {
                if (g.ownerId() != ownerId) {
                    continue;
                }
                GenerationView view = g.toView(List.of());
                List<String> files = new ArrayList<>();
                for (GenerationImage image : images.findByGenerationIdOrderByPosition(g.id())) {
                    var blob = store.find(image.sha256(), ImageStore.Variant.ORIGINAL);
                    if (blob.isEmpty()) {
                        continue;
                    }
                    String name = "atelier-" + g.id() + "-" + (image.position() + 1) + "." + blob.get().format().extension();
                    zip.putNextEntry(new ZipEntry(name));
                    copy(blob.get(), zip);
                    zip.closeEntry();
                    files.add(name);
                }
                Map<String, Object> entry = new LinkedHashMap<>();
                entry.put("id", view.id());
                entry.put("prompt", view.prompt());
                entry.put("systemPrompt", view.systemPrompt());
                entry.put("provider", view.providerId());
                entry.put("model", view.model());
                entry.put("status", view.status().name());
                entry.put("parameters", view.parameters());
                entry.put("queuedAt", view.queuedAt().toString());
                entry.put("files", files);
                metadata.add(entry);
            }
            zip.putNextEntry(new ZipEntry("metadata.json"));
            zip.write(JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(metadata));
            zip.closeEntry();
        }
    }

    private static void copy(ImageBlob blob, OutputStream out) throws IOException {
        try (InputStream in = blob.open()) {
            in.transferTo(out);
        }
    }
}
