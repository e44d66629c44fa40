package studio.atelier.generation;

/** What to send: validated, ready to queue. */
record GenerationRequest(String providerId, String model, Long apiKeyId, String prompt, String systemPrompt,
        GenerationParameters parameters) {
}
