package studio.atelier.generation.image;

/** A downloaded image that has already passed inspection. */
public record FetchedImage(byte[] bytes, InspectedImage image) {
}
