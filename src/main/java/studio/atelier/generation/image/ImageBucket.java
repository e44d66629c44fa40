package studio.atelier.generation.image;

import java.io.InputStream;
import java.net.URI;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Supplier;

import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;
import software.amazon.awssdk.services.s3.S3Configuration;
import software.amazon.awssdk.services.s3.model.BucketAlreadyOwnedByYouException;
import software.amazon.awssdk.services.s3.model.BucketLocationConstraint;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.S3Object;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;

/**
 * Atelier's objects in one S3-compatible bucket, through the AWS SDK: keys are {@link ImageKeys} under the configured
 * prefix. Failures that mean "the store cannot be reached" become {@link ImageStoreUnavailable}; everything else (a
 * refused credential, a bug) stays what the SDK said.
 */
final class ImageBucket implements AutoCloseable {

    /** An object as listed or looked up: its key (without the prefix) and length. */
    record Entry(String key, long size) {
    }

    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);
    private static final Duration READ_TIMEOUT = Duration.ofSeconds(30);

    private final ImageStorageProperties.S3 settings;
    private final S3Client s3;
    private final S3Presigner presigner;
    private final String prefix;

    private ImageBucket(ImageStorageProperties.S3 settings, S3Client s3, S3Presigner presigner) {
        this.settings = settings;
        this.s3 = s3;
        this.presigner = presigner;
        this.prefix = settings.keyPrefix();
    }

    static ImageBucket connect(ImageStorageProperties.S3 settings) {
        if (settings.bucket() == null || settings.bucket().isBlank()) {
            throw new IllegalStateException("atelier.generation.images.s3.bucket is not set: name the bucket for images");
        }
        AwsCredentialsProvider credentials = settings.hasStaticCredentials()
                ? StaticCredentialsProvider.create(AwsBasicCredentials.create(settings.accessKey(), settings.secretKey()))
                : DefaultCredentialsProvider.builder().build();
        S3ClientBuilder client = S3Client.builder()
                .httpClientBuilder(UrlConnectionHttpClient.builder().connectionTimeout(CONNECT_TIMEOUT).socketTimeout(READ_TIMEOUT))
                .region(Region.of(settings.region()))
                .credentialsProvider(credentials)
                .forcePathStyle(settings.usesPathStyle())
                // S3-compatible servers differ in which of the SDK's newer checksum headers they understand; bytes are
                // verified by their SHA-256 (the key) where it matters
                .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED);
        S3Presigner.Builder presigner = S3Presigner.builder().region(Region.of(settings.region())).credentialsProvider(credentials)
                .serviceConfiguration(S3Configuration.builder().pathStyleAccessEnabled(settings.usesPathStyle()).build());
        if (settings.hasEndpoint()) {
            client.endpointOverride(URI.create(settings.endpoint()));
            presigner.endpointOverride(URI.create(settings.endpoint()));
        }
        return new ImageBucket(settings, client.build(), settings.presignedRedirects() ? presigner.build() : null);
    }

    /**
     * Makes sure the bucket is there, creating it when it is not: a node must not start and then lose every image it
     * is given.
     *
     * @throws IllegalStateException saying what is wrong and which settings to check
     */
    void ensureExists() {
        try {
            s3.headBucket(b -> b.bucket(settings.bucket()));
            return;
        } catch (S3Exception e) {
            if (e.statusCode() != 404) {
                throw new IllegalStateException("The image bucket " + settings.location() + " refused access (HTTP "
                        + e.statusCode() + "): check atelier.generation.images.s3.access-key and secret-key, and that they "
                        + "may read and write this bucket", e);
            }
        } catch (SdkClientException e) {
            throw new IllegalStateException("The image bucket " + settings.location() + " cannot be reached ("
                    + e.getMessage() + "): check atelier.generation.images.s3.endpoint and that the object store is up", e);
        }
        try {
            s3.createBucket(b -> {
                b.bucket(settings.bucket());
                if (!settings.hasEndpoint() && !Region.US_EAST_1.id().equals(settings.region())) {
                    b.createBucketConfiguration(c -> c.locationConstraint(BucketLocationConstraint.fromValue(settings.region())));
                }
            });
        } catch (BucketAlreadyOwnedByYouException anotherNodeStartingAtTheSameMomentMadeIt) {
            return;
        } catch (SdkException e) {
            throw new IllegalStateException("The image bucket " + settings.location() + " does not exist and could not be "
                    + "created (" + e.getMessage() + "): create it, or give these credentials the right to create buckets", e);
        }
    }

    /** The object's length, or empty when there is none under {@code key}. */
    Optional<Entry> find(String key) {
        return call("look up " + key, () -> {
            try {
                long size = s3.headObject(h -> h.bucket(settings.bucket()).key(prefix + key)).contentLength();
                return Optional.of(new Entry(key, size));
            } catch (S3Exception e) {
                if (e.statusCode() == 404) {
                    return Optional.empty();
                }
                throw e;
            }
        });
    }

    /** The first object whose key starts with {@code keyStart}: one request, whatever the number of candidates. */
    Optional<Entry> findFirst(String keyStart) {
        return call("list " + keyStart, () -> s3.listObjectsV2(l -> l.bucket(settings.bucket()).prefix(prefix + keyStart).maxKeys(1))
                .contents().stream().findFirst().map(this::entry));
    }

    void put(String key, byte[] bytes, String contentType) {
        call("store " + key, () -> s3.putObject(p -> p.bucket(settings.bucket()).key(prefix + key).contentType(contentType)
                .contentLength((long) bytes.length), RequestBody.fromBytes(bytes)));
    }

    InputStream open(String key) {
        return call("read " + key, () -> s3.getObject(g -> g.bucket(settings.bucket()).key(prefix + key)));
    }

    byte[] read(String key) {
        return call("read " + key, () -> s3.getObjectAsBytes(g -> g.bucket(settings.bucket()).key(prefix + key)).asByteArray());
    }

    void delete(String key) {
        call("delete " + key, () -> s3.deleteObject(d -> d.bucket(settings.bucket()).key(prefix + key)));
    }

    boolean presigns() {
        return presigner != null;
    }

    /**
     * A URL that reads the object for a short while without credentials.
     *
     * @param attachmentName when not null, the browser is told to download under this name
     */
    URI presignedGet(String key, String attachmentName) {
        return call("sign " + key, () -> URI.create(presigner.presignGetObject(p -> p.signatureDuration(settings.presignedExpiry())
                .getObjectRequest(g -> {
                    g.bucket(settings.bucket()).key(prefix + key);
                    if (attachmentName != null) {
                        g.responseContentDisposition("attachment; filename=\"" + attachmentName + "\"");
                    }
                })).url().toString()));
    }

    /** Where signed URLs point (scheme, host, port), for the pages' content security policy. */
    String presignedOrigin() {
        URI sample = presignedGet(ImageKeys.THUMBNAILS, null);
        return sample.getScheme() + "://" + sample.getAuthority();
    }

    private Entry entry(S3Object object) {
        return new Entry(object.key().substring(prefix.length()), object.size());
    }

    private <T> T call(String what, Supplier<T> call) {
        try {
            return call.get();
        } catch (SdkException e) {
            if (unreachable(e)) {
                throw new ImageStoreUnavailable("Cannot " + what + " in " + settings.location() + ": " + e.getMessage(), e);
            }
            throw e;
        }
    }

    /** Nothing answered, or the store said it is overloaded or failing itself: temporary, worth waiting for. */
    private static boolean unreachable(SdkException e) {
        return e instanceof SdkClientException
                || (e instanceof S3Exception s3 && (s3.statusCode() >= 500 || s3.statusCode() == 429 || s3.isThrottlingException()));
    }

    @Override
    public void close() {
        s3.close();
        if (presigner != null) {
            presigner.close();
        }
    }
}
