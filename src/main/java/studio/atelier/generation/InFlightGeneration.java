package studio.atelier.generation;

/**
 * A queued or running generation: it has not finished yet, so quotas count it as reserved. {@code teamId} is set when
 * it was made "as the team".
 */
public record InFlightGeneration(long id, String providerId, String model, int imagesRequested, Long teamId) {
}
