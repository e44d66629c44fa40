package studio.atelier.generation;

import org.slf4j.MDC;

/**
 * Puts a generation's id into every log line written while one of its steps runs on this thread ({@code generationId}
 * in the MDC, a field of its own in JSON logs); closing it takes the id off again, before the thread serves another job.
 */
final class GenerationLogContext {

    static final String MDC_KEY = "generationId";

    private GenerationLogContext() {
    }

    static MDC.MDCCloseable open(long generationId) {
        return MDC.putCloseable(MDC_KEY, Long.toString(generationId));
    }
}
