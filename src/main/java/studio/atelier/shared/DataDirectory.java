package studio.atelier.shared;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.springframework.boot.context.properties.ConfigurationProperties;

/** Root of everything Atelier keeps on local disk (H2 database, images, generated secrets). */
@ConfigurationProperties("atelier")
public record DataDirectory(Path dataDir) {

    public DataDirectory {
        dataDir = (dataDir == null ? Path.of("data") : dataDir).toAbsolutePath().normalize();
        try {
            Files.createDirectories(dataDir);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot create the data directory " + dataDir, e);
        }
    }

    public Path resolve(String child) {
        return dataDir.resolve(child);
    }
}
