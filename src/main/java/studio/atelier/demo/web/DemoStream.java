package studio.atelier.demo.web;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.MediaType;
import org.springframework.scheduling.TaskScheduler;
import org.springframework.web.servlet.mvc.method.annotation.ResponseBodyEmitter;

import tools.jackson.databind.node.ObjectNode;

/**
 * Sends the demo's replies after {@link studio.atelier.demo.DemoSettings#delay()}, from the demo's scheduler, so a
 * waiting demo generation holds no request thread: the whole completion at once, or the event stream with its
 * progress frames spread over the delay.
 */
final class DemoStream {

    private static final Logger log = LoggerFactory.getLogger(DemoStream.class);

    private final TaskScheduler threads;
    private final DemoReplies replies;
    private final Duration delay;

    DemoStream(TaskScheduler threads, DemoReplies replies, Duration delay) {
        this.threads = threads;
        this.replies = replies;
        this.delay = delay;
    }

    void completion(DemoCall call, ResponseBodyEmitter emitter) {
        threads.schedule(replying(emitter, () -> send(emitter, replies.completion(call), true)), Instant.now().plus(delay));
    }

    /** Progress frames spread over the delay, then the images, the usage-only chunk and [DONE]. */
    void events(DemoCall call, ResponseBodyEmitter emitter) {
        ObjectNode base = replies.chunkEnvelope(call);
        List<String> progress = DemoReplies.PROGRESS;
        long step = delay.toMillis() / progress.size();
        List<Frame> frames = new ArrayList<>();
        frames.add(new Frame(0, () -> List.of(replies.opening(base))));
        for (int i = 0; i < progress.size(); i++) {
            String line = progress.get(i);
            frames.add(new Frame(i == 0 ? 0 : step, () -> List.of(replies.progress(base, line))));
        }
        frames.add(new Frame(delay.toMillis() - step * (progress.size() - 1), () -> replies.ending(call, base)));
        play(emitter, frames, 0);
    }

    /** One frame at a time, each scheduled by the previous, so events can never overtake each other. */
    private void play(ResponseBodyEmitter emitter, List<Frame> frames, int index) {
        if (index == frames.size()) {
            emitter.complete();
            return;
        }
        Frame frame = frames.get(index);
        threads.schedule(replying(emitter, () -> {
            for (byte[] event : frame.events().get()) {
                if (!send(emitter, event, false)) {
                    return;
                }
            }
            play(emitter, frames, index + 1);
        }), Instant.now().plusMillis(Math.max(0, frame.gapMillis())));
    }

    /**
     * A scheduled task's exception is kept in its future, where nobody looks: the reply would then never end and the
     * caller wait for the emitter's timeout (painting during JVM shutdown, for one, fails with "Shutdown in progress").
     */
    private static Runnable replying(ResponseBodyEmitter emitter, Runnable reply) {
        return () -> {
            try {
                reply.run();
            } catch (RuntimeException e) {
                log.warn("The demo gateway could not reply: {}", e.toString());
                emitter.completeWithError(e);
            }
        };
    }

    /** Returns false once the client has gone; the remaining frames are then pointless. */
    private static boolean send(ResponseBodyEmitter emitter, byte[] bytes, boolean last) {
        try {
            emitter.send(bytes, MediaType.APPLICATION_OCTET_STREAM);
            if (last) {
                emitter.complete();
            }
            return true;
        } catch (IOException | IllegalStateException gone) {
            emitter.completeWithError(gone);
            return false;
        }
    }

    private record Frame(long gapMillis, Supplier<List<byte[]>> events) {
    }
}
