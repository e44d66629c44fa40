package studio.atelier.generation.image;

/** What the inspector learned from an image's header: its real format and its dimensions. */
public record InspectedImage(ImageFormat format, int width, int height) {
}
