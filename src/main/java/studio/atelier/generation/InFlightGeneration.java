package studio.atelier.generation;

/** A queued or running generation of one person: it has not finished yet, so quotas count it as reserved. */
public record InFlightGeneration(long id, String providerId, String model, int imagesRequested) {
}
