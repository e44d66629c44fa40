package studio.atelier.generation.image;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Where images are kept: on the local disk (one node) or in an S3-compatible bucket (any number of nodes).
 *
 * @param store       {@code filesystem} (under {@code storage-root}) or {@code s3}
 * @param s3          the bucket, when {@code store} is {@code s3} or images are being moved there
 * @param migrateToS3 start-up mode that copies the file system images into the bucket, verifies them and exits
 */
@ConfigurationProperties("atelier.generation.images")
record ImageStorageProperties(@DefaultValue("filesystem") Store store, @DefaultValue S3 s3, boolean migrateToS3) {

    enum Store { FILESYSTEM, S3 }

    /**
     * @param endpoint           the S3 API's base URL (MinIO, Ceph, R2, Garage …); empty for AWS itself
     * @param region             the bucket's region; S3-compatible servers mostly accept the default
     * @param bucket             the bucket; created at start-up when missing and the credentials allow it
     * @param accessKey          empty: the AWS SDK's default credential chain (environment, instance role …)
     * @param secretKey          paired with {@code accessKey}; never logged
     * @param pathStyle          {@code endpoint/bucket/key} addressing instead of {@code bucket.endpoint/key};
     *                           unset means on when an endpoint is set (what self-hosted servers expect)
     * @param prefix             a folder inside the bucket for Atelier's objects, e.g. {@code atelier/}
     * @param presignedRedirects serve image bytes by redirecting, after the access check, to a short-lived signed
     *                           URL of the bucket instead of streaming them through Atelier
     * @param presignedExpiry    how long such a URL works
     */
    record S3(String endpoint, @DefaultValue("us-east-1") String region, String bucket, String accessKey,
            String secretKey, Boolean pathStyle, @DefaultValue("") String prefix, boolean presignedRedirects,
            @DefaultValue("60s") Duration presignedExpiry) {

        boolean hasEndpoint() {
            return endpoint != null && !endpoint.isBlank();
        }

        boolean usesPathStyle() {
            return pathStyle != null ? pathStyle : hasEndpoint();
        }

        boolean hasStaticCredentials() {
            return accessKey != null && !accessKey.isBlank();
        }

        /** The prefix as a folder: {@code atelier} and {@code atelier/} both name {@code atelier/…} objects. */
        String keyPrefix() {
            return prefix.isEmpty() || prefix.endsWith("/") ? prefix : prefix + "/";
        }

        /** Where the bucket is, for messages: the endpoint, or AWS and its region. */
        String location() {
            return "'" + bucket + "' at " + (hasEndpoint() ? endpoint : "AWS S3 (" + region + ")");
        }

        @Override
        public String toString() {
            return "S3[" + location() + ", accessKey=" + accessKey + ", secretKey=" + (secretKey == null ? "unset" : "******")
                    + ", pathStyle=" + usesPathStyle() + ", prefix=" + prefix + ", presignedRedirects=" + presignedRedirects
                    + ", presignedExpiry=" + presignedExpiry + "]";
        }
    }
}
