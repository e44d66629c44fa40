package studio.atelier.generation.image;

import java.util.Map;

import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * A node started to move images is not a node: it claims no generations (it would end them INTERRUPTED when it exits)
 * and listens on a free port, so it can run beside a live node on the same machine.
 */
class ImageMigrationMode implements EnvironmentPostProcessor {

    static final String PROPERTY = "atelier.generation.images.migrate-to-s3";

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        if (environment.getProperty(PROPERTY, Boolean.class, false)) {
            environment.getPropertySources().addFirst(new MapPropertySource("imageMigrationMode",
                    Map.of("atelier.generation.worker-enabled", "false", "server.port", "0")));
        }
    }
}
