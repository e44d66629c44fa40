package studio.atelier.generation.image;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Downloads a generated image right away (gateway URLs expire within the hour), without letting the
 * URL reach into the internal network and without trusting anything the server says about size or type.
 *
 * <p>Redirects are followed by hand so that every hop passes the {@link AddressGuard}. The JDK client
 * resolves the host again when connecting; that lookup is normally answered from the JVM's address cache
 * filled by the guard a moment earlier, which narrows DNS-rebinding to the cache's expiry edge.
 */
public final class ImageFetcher {

    private static final Set<Integer> REDIRECTS = Set.of(301, 302, 303, 307, 308);

    private final AddressGuard guard;
    private final ImageInspector inspector;
    private final Duration downloadTimeout;
    private final int maxRedirects;
    private final HttpClient client;

    public ImageFetcher(AddressGuard guard, ImageProperties properties) {
        this(guard, new ImageInspector(properties), properties);
    }

    ImageFetcher(AddressGuard guard, ImageInspector inspector, ImageProperties properties) {
        this.guard = guard;
        this.inspector = inspector;
        this.downloadTimeout = properties.downloadTimeout();
        this.maxRedirects = properties.maxRedirects();
        this.client = HttpClient.newBuilder()
                .followRedirects(HttpClient.Redirect.NEVER)
                .connectTimeout(properties.connectTimeout())
                // A proxy would resolve and connect on its own, out of the guard's sight.
                .proxy(HttpClient.Builder.NO_PROXY)
                .version(HttpClient.Version.HTTP_1_1)
                .build();
    }

    /**
     * @param allowPrivateNetwork true only for gateways an administrator placed on the local network
     * @throws ImageRejected for every kind of failure, with the reason the user will be shown
     */
    public FetchedImage fetch(String url, boolean allowPrivateNetwork) {
        URI uri = parse(url);
        long deadline = System.nanoTime() + downloadTimeout.toNanos();
        for (int redirects = 0; ; redirects++) {
            check(uri, allowPrivateNetwork);
            HttpResponse<byte[]> response = send(uri, deadline);
            int status = response.statusCode();
            if (REDIRECTS.contains(status)) {
                if (redirects >= maxRedirects) {
                    throw new ImageRejected(ImageRejected.Reason.TOO_MANY_REDIRECTS,
                            "more than " + maxRedirects + " redirects from " + redacted(uri), maxRedirects);
                }
                String location = response.headers().firstValue("Location").orElseThrow(() ->
                        new ImageRejected(ImageRejected.Reason.HTTP_STATUS, status + " without Location", status));
                uri = resolve(uri, location);
                continue;
            }
            if (status < 200 || status > 299) {
                throw new ImageRejected(ImageRejected.Reason.HTTP_STATUS,
                        "HTTP " + status + " from " + redacted(uri), status);
            }
            byte[] bytes = response.body();
            return new FetchedImage(bytes, inspector.inspect(bytes));
        }
    }

    private void check(URI uri, boolean allowPrivateNetwork) {
        try {
            guard.check(uri, allowPrivateNetwork);
        } catch (AddressRefused refused) {
            ImageRejected.Reason reason = switch (refused.why()) {
                case BAD_SCHEME -> ImageRejected.Reason.BAD_SCHEME;
                case BLOCKED_ADDRESS -> ImageRejected.Reason.BLOCKED_ADDRESS;
                case UNKNOWN_HOST -> ImageRejected.Reason.NETWORK;
            };
            throw new ImageRejected(reason, refused.getMessage(), refused);
        }
    }

    private HttpResponse<byte[]> send(URI uri, long deadline) {
        long remaining = deadline - System.nanoTime();
        if (remaining <= 0) {
            throw timeout(uri, null);
        }
        HttpRequest request;
        try {
            request = HttpRequest.newBuilder(uri)
                    .timeout(Duration.ofNanos(remaining))
                    .header("Accept", "image/*")
                    .GET()
                    .build();
        } catch (IllegalArgumentException e) {
            throw new ImageRejected(ImageRejected.Reason.BAD_SCHEME, "URL not usable: " + redacted(uri), e);
        }
        CompletableFuture<HttpResponse<byte[]>> exchange = client.sendAsync(request, this::bodyFor);
        try {
            // The request timeout ends at the response headers; this bound also covers a dribbling body.
            return exchange.get(remaining, TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            exchange.cancel(true);
            throw timeout(uri, e);
        } catch (InterruptedException e) {
            exchange.cancel(true);
            Thread.currentThread().interrupt();
            throw new ImageRejected(ImageRejected.Reason.NETWORK, "interrupted while fetching " + redacted(uri), e);
        } catch (ExecutionException e) {
            throw failure(uri, e.getCause());
        }
    }

    private HttpResponse.BodySubscriber<byte[]> bodyFor(HttpResponse.ResponseInfo info) {
        if (info.statusCode() < 200 || info.statusCode() > 299) {
            // Redirect and error bodies are never read: the connection is dropped instead.
            return CappedBody.discarded();
        }
        long declared = info.headers().firstValueAsLong("Content-Length").orElse(-1L);
        return new CappedBody(inspector.maxBytes(), declared);
    }

    private ImageRejected failure(URI uri, Throwable cause) {
        for (Throwable t = cause; t != null; t = t.getCause()) {
            if (t instanceof ImageRejected rejected) {
                return rejected;
            }
            if (t instanceof HttpTimeoutException) {
                return timeout(uri, t);
            }
        }
        if (cause instanceof IOException || cause instanceof SecurityException) {
            return new ImageRejected(ImageRejected.Reason.NETWORK, redacted(uri) + ": " + cause, cause);
        }
        return new ImageRejected(ImageRejected.Reason.NETWORK, "unexpected failure fetching " + redacted(uri), cause);
    }

    private ImageRejected timeout(URI uri, Throwable cause) {
        return new ImageRejected(ImageRejected.Reason.TIMEOUT, "no complete answer from " + redacted(uri) + " in "
                + downloadTimeout, cause, downloadTimeout.toSeconds());
    }

    /** Gateway URLs often carry signed tokens in the query or credentials; exception messages end up in logs. */
    static String redacted(URI uri) {
        String port = uri.getPort() == -1 ? "" : ":" + uri.getPort();
        String path = uri.getRawPath() == null ? "" : uri.getRawPath();
        return uri.getScheme() + "://" + uri.getHost() + port + path;
    }

    private static URI parse(String url) {
        try {
            return new URI(url);
        } catch (URISyntaxException | NullPointerException e) {
            throw new ImageRejected(ImageRejected.Reason.BAD_SCHEME, "malformed URL", e);
        }
    }

    private static URI resolve(URI base, String location) {
        try {
            return base.resolve(new URI(location));
        } catch (URISyntaxException | IllegalArgumentException e) {
            throw new ImageRejected(ImageRejected.Reason.BAD_SCHEME, "malformed redirect Location", e);
        }
    }
}
