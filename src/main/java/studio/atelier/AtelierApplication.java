package studio.atelier;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.scheduling.annotation.EnableAsync;
import org.springframework.scheduling.annotation.EnableScheduling;

@SpringBootApplication
@ConfigurationPropertiesScan
@EnableScheduling
@EnableAsync
public class AtelierApplication {

    public static void main(String[] args) {
        // The demo provider paints with Java2D; servers have no display.
        System.setProperty("java.awt.headless", "true");
        SpringApplication.run(AtelierApplication.class, args);
    }
}
