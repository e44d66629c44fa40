package studio.atelier.gateway.internal;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.function.Function;

/** Collects a whole body, keeping at most {@code limit} bytes (error pages need only their start). */
public final class ByteCollector<T> implements BodyReader.Sink<T> {

    private final int limit;
    private final Function<byte[], T> onEnd;
    private byte[] bytes = new byte[16 * 1024];
    private int length;

    public ByteCollector(int limit, Function<byte[], T> onEnd) {
        this.limit = limit;
        this.onEnd = onEnd;
    }

    @Override
    public T accept(ByteBuffer buffer) {
        int count = Math.min(buffer.remaining(), limit - length);
        if (count > 0) {
            if (length + count > bytes.length) {
                bytes = Arrays.copyOf(bytes, (int) Math.min(limit, Math.max((long) length + count, bytes.length * 2L)));
            }
            buffer.get(bytes, length, count);
            length += count;
        }
        buffer.position(buffer.limit());
        return null;
    }

    @Override
    public T finish() {
        return onEnd.apply(Arrays.copyOf(bytes, length));
    }
}
