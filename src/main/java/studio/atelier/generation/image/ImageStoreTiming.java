package studio.atelier.generation.image;

import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.stereotype.Component;

/**
 * Wraps whichever {@link ImageStore} bean is configured in a {@link TimedImageStore}, so the stores themselves (and
 * their configuration) know nothing of meters. The registry is looked up lazily: a post-processor is created before
 * ordinary beans, and the registry must not be created that early.
 */
@Component
class ImageStoreTiming implements BeanPostProcessor {

    private final ObjectProvider<MeterRegistry> registry;

    ImageStoreTiming(ObjectProvider<MeterRegistry> registry) {
        this.registry = registry;
    }

    @Override
    public Object postProcessAfterInitialization(Object bean, String beanName) {
        if (bean instanceof ImageStore store && !(bean instanceof TimedImageStore)) {
            MeterRegistry meters = registry.getIfAvailable();
            return meters == null ? bean : new TimedImageStore(store, meters);
        }
        return bean;
    }
}
