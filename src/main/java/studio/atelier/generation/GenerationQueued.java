package studio.atelier.generation;

/** A generation was queued; the local worker wakes up instead of waiting for its next poll. */
record GenerationQueued(long generationId) {
}
