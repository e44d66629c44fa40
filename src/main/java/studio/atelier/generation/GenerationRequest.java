package studio.atelier.generation;

/** What to send: validated, ready to queue. {@code teamId} is set when made "as the team" with its key. */
record GenerationRequest(String providerId, String model, Long apiKeyId, String prompt, String systemPrompt,
        GenerationParameters parameters, Long teamId) {
}
