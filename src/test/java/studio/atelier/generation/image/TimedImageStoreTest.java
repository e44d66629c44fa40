package studio.atelier.generation.image;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Method;
import java.util.Arrays;

import org.junit.jupiter.api.Test;

/**
 * The timing wrapper stands in for whichever store is configured: a method of {@link ImageStore} it does not pass on
 * (a default one, say) would quietly answer with the interface's default instead of the real store's.
 */
class TimedImageStoreTest {

    @Test
    void everyMethodOfTheStoreIsPassedOn() {
        for (Method method : ImageStore.class.getMethods()) {
            assertThat(Arrays.stream(TimedImageStore.class.getDeclaredMethods())
                    .anyMatch(m -> m.getName().equals(method.getName()) && Arrays.equals(m.getParameterTypes(), method.getParameterTypes())))
                    .as("TimedImageStore passes on %s", method).isTrue();
        }
    }
}
