package studio.atelier.generation;

/** What came back from the gateway (or why nothing did), ready to be written onto the generation. */
record GenerationOutcome(String errorKind, String errorMessage, Integer httpStatus, String upstreamId, String finishReason,
        String replyText, String rawReply, Integer promptTokens, Integer completionTokens, Integer totalTokens,
        Long upstreamLatencyMs) {

    static GenerationOutcome failure(String errorKind, String message) {
        return new GenerationOutcome(errorKind, message, null, null, null, null, null, null, null, null, null);
    }
}
