package studio.atelier.generation;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletionException;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

import studio.atelier.gateway.GatewayImage;
import studio.atelier.gateway.GatewayReply;
import studio.atelier.gateway.GatewayResult;
import studio.atelier.generation.image.ImageIntake;
import studio.atelier.generation.image.ImageRejected;
import studio.atelier.generation.image.StoredImage;

/**
 * Reads what a gateway call came back with and decides how its generation ends. Images are stored here, as soon as the
 * reply arrives, because gateway URLs expire; a reply whose every image was refused ends FAILED.
 */
@Component
class ReplyInterpreter {

    private static final Logger log = LoggerFactory.getLogger(ReplyInterpreter.class);

    private final ImageIntake intake;

    ReplyInterpreter(ImageIntake intake) {
        this.intake = intake;
    }

    /**
     * @param error        how the call's future failed (cancelled, or something unexpected), else null
     * @param allowPrivate whether images may come from private addresses (the provider allows it)
     */
    Ending ending(long generationId, GatewayResult result, Throwable error, boolean allowPrivate) {
        Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
        if (cause instanceof CancellationException) {
            return Ending.cancelled();
        }
        if (cause != null) {
            log.warn("Generation {} failed unexpectedly: {}", generationId, cause.toString());
            return Ending.failed(GenerationOutcome.failure("INTERNAL", null));
        }
        if (result instanceof GatewayResult.Failure failure) {
            return Ending.failed(new GenerationOutcome(failure.kind().name(), failure.gatewayMessage(), failure.httpStatus(),
                    null, null, null, null, null, null, null, failure.latency() == null ? null : failure.latency().toMillis()));
        }
        GatewayResult.Success success = (GatewayResult.Success) result;
        GatewayReply reply = success.reply();
        List<StoredImage> stored = new ArrayList<>();
        List<String> rejections = new ArrayList<>();
        for (GatewayImage image : reply.images()) {
            try {
                stored.add(image.data() != null ? intake.accept(image.data()) : intake.fetchAndAccept(image.url(), allowPrivate));
            } catch (ImageRejected rejected) {
                rejections.add(rejected.messageKey());
            }
        }
        String finishReason = reply.choices().isEmpty() ? null : reply.choices().get(0).finishReason();
        GatewayReply.Usage usage = reply.usage();
        boolean lostAll = stored.isEmpty() && !rejections.isEmpty();
        GenerationOutcome outcome = new GenerationOutcome(lostAll ? "IMAGE_REJECTED" : null,
                rejections.isEmpty() ? null : String.join(", ", rejections), null, reply.id(), finishReason, reply.text(),
                reply.redactedRawJson(), usage == null ? null : usage.promptTokens(), usage == null ? null : usage.completionTokens(),
                usage == null ? null : usage.totalTokens(), success.latency().toMillis());
        return lostAll ? Ending.failed(outcome) : Ending.succeeded(outcome, stored);
    }
}
