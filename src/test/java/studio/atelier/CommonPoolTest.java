package studio.atelier;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ForkJoinPool;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class CommonPoolTest {

    private final String before = System.getProperty(CommonPool.PARALLELISM);

    @AfterEach
    void restore() {
        if (before == null) {
            System.clearProperty(CommonPool.PARALLELISM);
        } else {
            System.setProperty(CommonPool.PARALLELISM, before);
        }
    }

    @Test
    void aSmallMachineGetsTwoThreads() {
        System.clearProperty(CommonPool.PARALLELISM);
        CommonPool.atLeastTwoThreads();
        assertThat(System.getProperty(CommonPool.PARALLELISM))
                .isEqualTo(Runtime.getRuntime().availableProcessors() <= 2 ? "2" : null);
    }

    @Test
    void anExplicitSettingIsLeftAlone() {
        System.setProperty(CommonPool.PARALLELISM, "1");
        CommonPool.atLeastTwoThreads();
        assertThat(System.getProperty(CommonPool.PARALLELISM)).isEqualTo("1");
    }

    @Test
    void asyncStepsOfTheTestJvmRunOnThePoolNotOnNewThreads() {
        // the JVM argument in pom.xml, set for the same reason as main() sets it
        assertThat(new CompletableFuture<Void>().defaultExecutor()).isInstanceOf(ForkJoinPool.class);
    }
}
