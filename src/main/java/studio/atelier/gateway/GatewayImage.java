package studio.atelier.gateway;

import java.util.Arrays;
import java.util.Objects;

/**
 * One image found in a reply: either a remote http(s) {@code url} (temporary, fetch it at once; {@code data}
 * is null) or the decoded bytes of a data URI / {@code b64_json} ({@code url} is null).
 */
public record GatewayImage(String url, String mimeType, byte[] data) {

    public GatewayImage {
        if ((url == null) == (data == null)) {
            throw new IllegalArgumentException("An image has either a url or data");
        }
    }

    public static GatewayImage remote(String url, String mimeType) {
        return new GatewayImage(url, mimeType, null);
    }

    public static GatewayImage inline(String mimeType, byte[] data) {
        return new GatewayImage(null, mimeType, data);
    }

    public boolean isRemote() {
        return url != null;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof GatewayImage other && Objects.equals(url, other.url)
                && Objects.equals(mimeType, other.mimeType) && Arrays.equals(data, other.data);
    }

    @Override
    public int hashCode() {
        return Objects.hash(url, mimeType) * 31 + Arrays.hashCode(data);
    }

    /** Never prints the bytes: an inline image can be many megabytes. */
    @Override
    public String toString() {
        return url != null
                ? "GatewayImage[url=" + url + ", mimeType=" + mimeType + "]"
                : "GatewayImage[mimeType=" + mimeType + ", " + data.length + " bytes]";
    }
}
