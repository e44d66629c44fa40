package studio.atelier.generation;

import java.util.List;

import studio.atelier.gateway.GatewayErrorKind;
import studio.atelier.generation.image.StoredImage;
import studio.atelier.keys.KeyUse;

/**
 * How one generation ends, decided after its gateway call; written only if the job is still this worker's (and turned
 * into CANCELLED if its owner asked meanwhile).
 */
record Ending(GenerationStatus status, GenerationOutcome outcome, List<StoredImage> images) {

    static Ending succeeded(GenerationOutcome outcome, List<StoredImage> images) {
        return new Ending(GenerationStatus.SUCCEEDED, outcome, List.copyOf(images));
    }

    static Ending failed(GenerationOutcome outcome) {
        return new Ending(GenerationStatus.FAILED, outcome, List.of());
    }

    static Ending cancelled() {
        return new Ending(GenerationStatus.CANCELLED, GenerationOutcome.failure("CANCELLED", null), List.of());
    }

    /** What the gateway's answer said about the key it was called with. */
    KeyUse keyUse() {
        if (status == GenerationStatus.SUCCEEDED) {
            return KeyUse.WORKED;
        }
        return GatewayErrorKind.KEY_REJECTED.name().equals(outcome.errorKind()) ? KeyUse.REJECTED : KeyUse.INCONCLUSIVE;
    }
}
