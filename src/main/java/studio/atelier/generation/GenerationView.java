package studio.atelier.generation;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/** A generation as pages show it. */
public record GenerationView(long id, long ownerId, String providerId, String model, String prompt, String systemPrompt,
        GenerationParameters parameters, GenerationStatus status, String errorKind, String errorMessage, Integer httpStatus,
        String progress, String upstreamId, String finishReason, String replyText, String rawReply, Integer promptTokens,
        Integer completionTokens, Integer totalTokens, int imageCount, int imagesRequested, Instant queuedAt,
        Instant startedAt, Instant finishedAt, Long upstreamLatencyMs, boolean favourite, Long retryOf, List<Long> imageIds,
        Instant hiddenAt, String hiddenReason) {

    /** Hidden by an administrator: the owner sees that and why, but not the images. */
    public boolean hidden() {
        return hiddenAt != null;
    }

    /** The images a page may show: none of a hidden generation. */
    public List<Long> visibleImageIds() {
        return hidden() ? List.of() : imageIds;
    }

    public boolean finished() {
        return status.isFinished();
    }

    public boolean retryable() {
        return status.isRetryable();
    }

    public boolean cancellable() {
        return !status.isFinished();
    }

    /** The message code explaining a failure in the person's language. */
    public String errorMessageCode() {
        if (errorKind == null) {
            return status.isFinished() && status != GenerationStatus.SUCCEEDED ? "generation.error.internal" : null;
        }
        return "generation.error." + errorKind.toLowerCase(java.util.Locale.ROOT).replace('_', '-');
    }

    public Long totalMillis() {
        return finishedAt == null ? null : Duration.between(queuedAt, finishedAt).toMillis();
    }

    /** The same generation with another favourite mark (a team member's own favourites in a team gallery). */
    public GenerationView withFavourite(boolean mark) {
        return new GenerationView(id, ownerId, providerId, model, prompt, systemPrompt, parameters, status, errorKind, errorMessage,
                httpStatus, progress, upstreamId, finishReason, replyText, rawReply, promptTokens, completionTokens, totalTokens,
                imageCount, imagesRequested, queuedAt, startedAt, finishedAt, upstreamLatencyMs, mark, retryOf, imageIds, hiddenAt,
                hiddenReason);
    }

    public Long firstImageId() {
        return visibleImageIds().isEmpty() ? null : imageIds.get(0);
    }
}
