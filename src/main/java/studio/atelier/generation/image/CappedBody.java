package studio.atelier.generation.image;

import java.io.ByteArrayOutputStream;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;

/**
 * Collects a response body but stops reading as soon as it grows past the limit, so a server cannot
 * fill the heap by sending more than it announced (or announcing nothing, with chunked encoding).
 * A Content-Length above the limit is refused before the first body byte is requested.
 */
final class CappedBody implements HttpResponse.BodySubscriber<byte[]> {

    private final long limit;
    private final long declaredLength;
    private final CompletableFuture<byte[]> body = new CompletableFuture<>();
    private final ByteArrayOutputStream buffer = new ByteArrayOutputStream();
    private Flow.Subscription subscription;

    /** @param declaredLength the Content-Length header, or -1 when absent */
    CappedBody(long limit, long declaredLength) {
        this.limit = limit;
        this.declaredLength = declaredLength;
    }

    /** A body that is never read: the connection is dropped and the body is empty. */
    static CappedBody discarded() {
        CappedBody nothing = new CappedBody(0, -1);
        nothing.body.complete(new byte[0]);
        return nothing;
    }

    @Override
    public void onSubscribe(Flow.Subscription subscription) {
        this.subscription = subscription;
        if (body.isDone()) {
            subscription.cancel();
            return;
        }
        if (declaredLength > limit) {
            subscription.cancel();
            body.completeExceptionally(tooLarge("Content-Length " + declaredLength));
            return;
        }
        subscription.request(1);
    }

    @Override
    public void onNext(List<ByteBuffer> items) {
        if (body.isDone()) {
            return;
        }
        for (ByteBuffer item : items) {
            int count = item.remaining();
            if (buffer.size() + (long) count > limit) {
                subscription.cancel();
                body.completeExceptionally(tooLarge("body exceeds " + limit + " bytes"));
                return;
            }
            byte[] chunk = new byte[count];
            item.get(chunk);
            buffer.write(chunk, 0, count);
        }
        subscription.request(1);
    }

    @Override
    public void onError(Throwable error) {
        if (body.isDone()) {
            return;
        }
        body.completeExceptionally(error);
    }

    @Override
    public void onComplete() {
        body.complete(buffer.toByteArray());
    }

    @Override
    public CompletionStage<byte[]> getBody() {
        return body;
    }

    private ImageRejected tooLarge(String detail) {
        return new ImageRejected(ImageRejected.Reason.TOO_LARGE, detail, ImageInspector.megabytes(limit));
    }
}
