package studio.atelier.gateway.internal;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Splits body bytes into UTF-8 lines with no length limit: one SSE line can hold a whole multi-megabyte data-URI
 * image. Splitting on bytes is safe because {@code \n} and {@code \r} never occur inside a UTF-8 multi-byte
 * sequence. Accepts LF, CRLF and lone CR line ends, as the SSE spec does.
 */
public final class LineSplitter<T> implements BodyReader.Sink<T> {

    private static final int INITIAL = 8 * 1024;
    private static final int KEEP_AT_MOST = 1024 * 1024;

    private final Function<String, T> onLine;
    private final Supplier<T> onEnd;
    private byte[] line = new byte[INITIAL];
    private int length;
    private boolean afterCarriageReturn;

    public LineSplitter(Function<String, T> onLine, Supplier<T> onEnd) {
        this.onLine = onLine;
        this.onEnd = onEnd;
    }

    @Override
    public T accept(ByteBuffer buffer) {
        int position = buffer.position();
        int limit = buffer.limit();
        int segmentStart = position;
        for (int i = position; i < limit; i++) {
            byte b = buffer.get(i);
            if (b != '\n' && b != '\r') {
                continue;
            }
            boolean skip = b == '\n' && afterCarriageReturn && i == segmentStart && length == 0;
            afterCarriageReturn = b == '\r';
            append(buffer, segmentStart, i);
            segmentStart = i + 1;
            if (skip) {
                continue;
            }
            T decided = emit();
            if (decided != null) {
                buffer.position(limit);
                return decided;
            }
        }
        if (segmentStart < limit) {
            afterCarriageReturn = false;
            append(buffer, segmentStart, limit);
        }
        buffer.position(limit);
        return null;
    }

    @Override
    public T finish() {
        if (length > 0) {
            T decided = emit();
            if (decided != null) {
                return decided;
            }
        }
        return onEnd.get();
    }

    private void append(ByteBuffer buffer, int from, int to) {
        int count = to - from;
        if (count <= 0) {
            return;
        }
        if (length + count > line.length) {
            line = Arrays.copyOf(line, Math.max(length + count, line.length * 2));
        }
        buffer.get(from, line, length, count);
        length += count;
    }

    private T emit() {
        String text = new String(line, 0, length, StandardCharsets.UTF_8);
        length = 0;
        if (line.length > KEEP_AT_MOST) {
            line = new byte[INITIAL];
        }
        return onLine.apply(text);
    }
}
