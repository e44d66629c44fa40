package studio.atelier.generation.image;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Flow;

import org.junit.jupiter.api.Test;

class CappedBodyTest {

    private static final class RecordingSubscription implements Flow.Subscription {
        long requested;
        boolean cancelled;

        @Override
        public void request(long n) {
            requested += n;
        }

        @Override
        public void cancel() {
            cancelled = true;
        }
    }

    @Test
    void announcedOversizeIsRefusedBeforeReadingAnything() {
        CappedBody body = new CappedBody(1000, 21L * 1024 * 1024);
        RecordingSubscription subscription = new RecordingSubscription();

        body.onSubscribe(subscription);

        assertThat(subscription.requested).isZero();
        assertThat(subscription.cancelled).isTrue();
        assertThat(reasonOf(body)).isEqualTo(ImageRejected.Reason.TOO_LARGE);
    }

    @Test
    void smallAnnouncedLengthIsNotBelieved() {
        CappedBody body = new CappedBody(1000, 10);
        RecordingSubscription subscription = new RecordingSubscription();
        body.onSubscribe(subscription);

        body.onNext(List.of(ByteBuffer.wrap(new byte[600])));
        body.onNext(List.of(ByteBuffer.wrap(new byte[401])));

        assertThat(subscription.cancelled).isTrue();
        assertThat(reasonOf(body)).isEqualTo(ImageRejected.Reason.TOO_LARGE);
    }

    @Test
    void collectsABodyWithinTheLimit() {
        CappedBody body = new CappedBody(1000, -1);
        body.onSubscribe(new RecordingSubscription());
        body.onNext(List.of(ByteBuffer.wrap(new byte[] {1, 2}), ByteBuffer.wrap(new byte[] {3})));
        body.onComplete();

        assertThat(body.getBody().toCompletableFuture().join()).containsExactly(1, 2, 3);
    }

    private static ImageRejected.Reason reasonOf(CappedBody body) {
        CompletableFuture<byte[]> result = body.getBody().toCompletableFuture();
        assertThat(result).isCompletedExceptionally();
        try {
            result.join();
            throw new AssertionError("body should have failed");
        } catch (CompletionException e) {
            return ((ImageRejected) e.getCause()).reason();
        }
    }
}
