package studio.atelier.gateway.internal;

import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;
import java.util.concurrent.ScheduledFuture;
import java.util.function.Consumer;
import java.util.function.Supplier;

import org.springframework.scheduling.TaskScheduler;

/**
 * A non-blocking body subscriber: bytes are handed to a {@link Sink} as they arrive, so no thread waits on a slow
 * gateway. The request timeout of {@code java.net.http} ends when the response head arrives; this reader adds
 * the missing part, a stall timeout that fires when the body goes silent for longer than the endpoint timeout.
 */
public final class BodyReader<T> implements HttpResponse.BodySubscriber<T> {

    /** Consumes body bytes; returning a non-null value decides the outcome before the body ends. */
    public interface Sink<T> {
        T accept(ByteBuffer buffer);

        T finish();
    }

    private final CompletableFuture<T> result = new CompletableFuture<>();
    private final Sink<T> sink;
    private final long stallNanos;
    private final TaskScheduler watchdog;
    private final Supplier<T> onStall;
    private volatile Flow.Subscription subscription;
    private volatile long lastActivity;
    private volatile ScheduledFuture<?> watch;
    private volatile Consumer<T> firstToKnow = value -> {
    };

    /** @param watchdog where silence is noticed: a check per stall timeout, cancelled when the body ends */
    public BodyReader(Sink<T> sink, Duration stallTimeout, TaskScheduler watchdog, Supplier<T> onStall) {
        this.sink = sink;
        this.stallNanos = stallTimeout.toNanos();
        this.watchdog = watchdog;
        this.onStall = onStall;
    }

    @Override
    public void onSubscribe(Flow.Subscription s) {
        subscription = s;
        lastActivity = System.nanoTime();
        result.whenComplete((r, e) -> {
            ScheduledFuture<?> w = watch;
            if (w != null) {
                w.cancel(false);
            }
        });
        scheduleWatch(stallNanos);
        s.request(Long.MAX_VALUE);
    }

    @Override
    public void onNext(List<ByteBuffer> buffers) {
        lastActivity = System.nanoTime();
        if (result.isDone()) {
            // Decided early (e.g. at [DONE]); drain the rest so the connection can return to the pool.
            return;
        }
        try {
            for (ByteBuffer buffer : buffers) {
                T decided = sink.accept(buffer);
                if (decided != null) {
                    decide(decided);
                    return;
                }
            }
        } catch (RuntimeException | OutOfMemoryError e) {
            subscription.cancel();
            result.completeExceptionally(e);
        }
    }

    @Override
    public void onError(Throwable throwable) {
        result.completeExceptionally(throwable);
    }

    @Override
    public void onComplete() {
        if (result.isDone()) {
            return;
        }
        try {
            decide(sink.finish());
        } catch (RuntimeException e) {
            result.completeExceptionally(e);
        }
    }

    @Override
    public CompletionStage<T> getBody() {
        return result;
    }

    /**
     * Hands the body's value to {@code action} before anyone waiting on {@link #getBody()}: the JDK's own stage on it
     * was registered last, so it would run first, and it passes the response on through a hop to the common pool.
     */
    public void whenDecided(Consumer<T> action) {
        firstToKnow = action;
    }

    private boolean decide(T value) {
        firstToKnow.accept(value);
        return result.complete(value);
    }

    /** Stops reading and closes the connection. */
    public void abort() {
        Flow.Subscription s = subscription;
        if (s != null) {
            s.cancel();
        }
        result.cancel(false);
    }

    private void scheduleWatch(long delayNanos) {
        if (!result.isDone()) {
            watch = watchdog.schedule(this::checkStall, Instant.now().plusNanos(delayNanos));
        }
    }

    private void checkStall() {
        if (result.isDone()) {
            return;
        }
        long idle = System.nanoTime() - lastActivity;
        if (idle >= stallNanos) {
            if (decide(onStall.get())) {
                subscription.cancel();
            }
        } else {
            scheduleWatch(stallNanos - idle);
        }
    }
}
