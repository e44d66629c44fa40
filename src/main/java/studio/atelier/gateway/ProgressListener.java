package studio.atelier.gateway;

/**
 * Receives the progress lines an image model streams before the image, already cleaned of markdown
 * ({@code "> 进度 **67%**"} arrives as {@code "进度 67%"}). Called on an HTTP client thread: return fast.
 */
@FunctionalInterface
public interface ProgressListener {

    ProgressListener NONE = line -> { };

    void onProgress(String progressLine);
}
