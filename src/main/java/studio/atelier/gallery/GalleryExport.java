package studio.atelier.gallery;

import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import org.springframework.stereotype.Service;

import studio.atelier.generation.GenerationFiles;
import studio.atelier.generation.GenerationView;
import tools.jackson.databind.json.JsonMapper;

/** Selected generations as one ZIP, streamed: the images plus a metadata.json with prompts and parameters. */
@Service
public class GalleryExport {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final GenerationFiles files;

    GalleryExport(GenerationFiles files) {
        this.files = files;
    }

    /** The ids among {@code ids} that belong to the owner; others are silently left out. */
    public List<Long> ownedAmong(long ownerId, Collection<Long> ids) {
        return files.owned(ownerId, ids).stream().map(GenerationView::id).toList();
    }

    public void writeZip(long ownerId, Collection<Long> ids, OutputStream out) throws IOException {
        List<Map<String, Object>> metadata = new ArrayList<>();
        try (ZipOutputStream zip = new ZipOutputStream(out)) {
            for (GenerationView view : files.owned(ownerId, ids)) {
                List<String> names = new ArrayList<>();
                for (GenerationFiles.Original original : files.originals(ownerId, view.id())) {
                    zip.putNextEntry(new ZipEntry(original.fileName()));
                    original.copyTo(zip);
                    zip.closeEntry();
                    names.add(original.fileName());
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
                entry.put("files", names);
                metadata.add(entry);
            }
            zip.putNextEntry(new ZipEntry("metadata.json"));
            zip.write(JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(metadata));
            zip.closeEntry();
        }
    }
}
