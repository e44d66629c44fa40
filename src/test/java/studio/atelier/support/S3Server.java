package studio.atelier.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;

import org.gaul.s3proxy.AuthenticationType;
import org.gaul.s3proxy.S3Proxy;
import org.jclouds.ContextBuilder;
import org.jclouds.blobstore.BlobStore;
import org.jclouds.blobstore.BlobStoreContext;
import org.jclouds.blobstore.options.CreateContainerOptions;
import org.jclouds.blobstore.util.ForwardingBlobStore;
import org.jclouds.domain.Location;
import org.jclouds.rest.AuthorizationException;

/**
 * A real S3 API server in this JVM (s3proxy over an in-memory blob store), no Docker. It can be stopped and started
 * again on the same port with its objects kept, which is an object store going down and coming back.
 */
public final class S3Server implements AutoCloseable {

    public static final String ACCESS_KEY = "atelier-test";
    public static final String SECRET_KEY = "atelier-test-secret-0123456789";

    private final BlobStoreContext context;
    private final BlobStore blobs;
    private final int port;
    private S3Proxy proxy;

    private S3Server(boolean mayCreateBuckets) {
        this.context = ContextBuilder.newBuilder("transient").credentials("identity", "credential").build(BlobStoreContext.class);
        this.blobs = mayCreateBuckets ? context.getBlobStore() : new NoNewBuckets(context.getBlobStore());
        this.port = freePort();
        start();
    }

    public static S3Server running() {
        return new S3Server(true);
    }

    /** Like an account whose credentials may use existing buckets but not create any. */
    public static S3Server refusingNewBuckets() {
        return new S3Server(false);
    }

    public String endpoint() {
        return "http://127.0.0.1:" + port;
    }

    /** The objects as the server holds them, to look behind the application's back. */
    public BlobStore blobs() {
        return context.getBlobStore();
    }

    public synchronized void stop() {
        try {
            proxy.stop();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    public synchronized void start() {
        proxy = S3Proxy.builder().blobStore(blobs).endpoint(URI.create(endpoint()))
                .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, ACCESS_KEY, SECRET_KEY).build();
        try {
            proxy.start();
            while (!"STARTED".equals(proxy.getState())) {
                Thread.sleep(5);
            }
        } catch (Exception e) {
            throw new IllegalStateException("s3proxy did not start", e);
        }
    }

    /** Properties that point Atelier's image store at this server. */
    public String[] properties(String bucket) {
        return new String[] {"atelier.generation.images.store=s3", "atelier.generation.images.s3.endpoint=" + endpoint(),
                "atelier.generation.images.s3.bucket=" + bucket, "atelier.generation.images.s3.access-key=" + ACCESS_KEY,
                "atelier.generation.images.s3.secret-key=" + SECRET_KEY};
    }

    @Override
    public void close() {
        stop();
        context.close();
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static final class NoNewBuckets extends ForwardingBlobStore {

        NoNewBuckets(BlobStore delegate) {
            super(delegate);
        }

        @Override
        public boolean createContainerInLocation(Location location, String container) {
            throw new AuthorizationException("not allowed to create buckets");
        }

        @Override
        public boolean createContainerInLocation(Location location, String container, CreateContainerOptions options) {
            throw new AuthorizationException("not allowed to create buckets");
        }
    }
}
