package studio.atelier.generation.image;

import java.util.function.IntConsumer;

import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;

/**
 * The start-up mode {@code --atelier.generation.images.migrate-to-s3=true}: moves the file system images into the
 * bucket once the application is up, then ends the process, with exit status 1 when any file failed.
 */
final class ImageMigrationRunner implements ApplicationRunner {

    private final ImageMigration migration;
    private final IntConsumer exit;

    ImageMigrationRunner(ImageMigration migration, IntConsumer exit) {
        this.migration = migration;
        this.exit = exit;
    }

    @Override
    public void run(ApplicationArguments args) {
        ImageMigration.Summary summary = migration.run();
        exit.accept(summary.failed() == 0 ? 0 : 1);
    }
}
