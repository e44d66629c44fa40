package studio.atelier.gateway.internal;

import java.util.Base64;
import java.util.Locale;

import studio.atelier.gateway.GatewayImage;

/** Turns an image reference from a reply (http(s) URL, data URI or bare base64) into a {@link GatewayImage}. */
public final class ImageDecoder {

    /** Null when the reference is neither an http(s) URL nor a decodable base64 data URI. */
    public GatewayImage fromReference(String reference) {
        if (reference == null) {
            return null;
        }
        String ref = reference.strip();
        String lower = ref.length() > 8 ? ref.substring(0, 8).toLowerCase(Locale.ROOT) : ref.toLowerCase(Locale.ROOT);
        if (lower.startsWith("https://") || lower.startsWith("http://")) {
            return GatewayImage.remote(ref, mimeTypeFromPath(ref));
        }
        if (lower.startsWith("data:")) {
            return fromDataUri(ref);
        }
        return null;
    }

    public GatewayImage fromBase64(String base64, String declaredMimeType) {
        byte[] bytes = decode(base64);
        if (bytes == null) {
            return null;
        }
        String sniffed = sniff(bytes);
        return GatewayImage.inline(sniffed != null ? sniffed : declaredMimeType, bytes);
    }

    private GatewayImage fromDataUri(String uri) {
        int comma = uri.indexOf(',');
        if (comma < 0) {
            return null;
        }
        String[] meta = uri.substring(5, comma).split(";");
        boolean base64 = false;
        for (int i = 1; i < meta.length; i++) {
            base64 |= meta[i].strip().equalsIgnoreCase("base64");
        }
        if (!base64) {
            return null;
        }
        String declared = meta[0].isBlank() ? null : meta[0].strip().toLowerCase(Locale.ROOT);
        return fromBase64(uri.substring(comma + 1), declared);
    }

    private static byte[] decode(String base64) {
        if (base64 == null || base64.isBlank()) {
            return null;
        }
        try {
            // The MIME decoder skips line breaks that some gateways insert; URL-safe payloads need their own decoder.
            byte[] bytes = base64.indexOf('-') >= 0 || base64.indexOf('_') >= 0
                    ? Base64.getUrlDecoder().decode(base64.strip())
                    : Base64.getMimeDecoder().decode(base64);
            return bytes.length == 0 ? null : bytes;
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    static String sniff(byte[] b) {
        if (b.length >= 8 && (b[0] & 0xff) == 0x89 && b[1] == 'P' && b[2] == 'N' && b[3] == 'G') {
            return "image/png";
        }
        if (b.length >= 3 && (b[0] & 0xff) == 0xff && (b[1] & 0xff) == 0xd8 && (b[2] & 0xff) == 0xff) {
            return "image/jpeg";
        }
        if (b.length >= 12 && b[0] == 'R' && b[1] == 'I' && b[2] == 'F' && b[3] == 'F'
                && b[8] == 'W' && b[9] == 'E' && b[10] == 'B' && b[11] == 'P') {
            return "image/webp";
        }
        if (b.length >= 4 && b[0] == 'G' && b[1] == 'I' && b[2] == 'F' && b[3] == '8') {
            return "image/gif";
        }
        return null;
    }

    static String mimeTypeFromPath(String url) {
        String path = url;
        int cut = indexOfAny(path, '?', '#');
        if (cut >= 0) {
            path = path.substring(0, cut);
        }
        String lower = path.toLowerCase(Locale.ROOT);
        if (lower.endsWith(".png")) {
            return "image/png";
        }
        if (lower.endsWith(".jpg") || lower.endsWith(".jpeg")) {
            return "image/jpeg";
        }
        if (lower.endsWith(".webp")) {
            return "image/webp";
        }
        if (lower.endsWith(".gif")) {
            return "image/gif";
        }
        return null;
    }

    private static int indexOfAny(String s, char a, char b) {
        int i = s.indexOf(a);
        int j = s.indexOf(b);
        return i < 0 ? j : j < 0 ? i : Math.min(i, j);
    }
}
