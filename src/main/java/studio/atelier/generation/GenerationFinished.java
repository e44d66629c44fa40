package studio.atelier.generation;

import java.time.Instant;

/**
 * Published in the transaction that finishes a generation (any end state). Usage records and live counters
 * listen to it. {@code teamId} is set for generations made "as the team"; the prompt travels along so that listeners
 * inside the finishing transaction need not load the generation again.
 */
public record GenerationFinished(long generationId, long ownerId, String providerId, String model, Long apiKeyId,
        GenerationStatus status, String errorKind, Integer promptTokens, Integer completionTokens, Integer totalTokens,
        int imageCount, Long upstreamLatencyMs, boolean reachedGateway, Instant finishedAt, Long teamId, String prompt) {
}
