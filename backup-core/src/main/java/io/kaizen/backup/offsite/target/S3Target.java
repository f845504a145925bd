package io.kaizen.backup.offsite.target;

import io.kaizen.backup.ConfigException;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * Objects in a bucket of an S3-compatible service (Ceph RGW, MinIO, AWS S3), under a key prefix, addressed
 * path-style ({@code endpoint/bucket/key}), which every one of them serves. Credentials come from the file
 * {@link S3Location#credentials()} names (see {@link S3Credentials}); they appear in no message.
 *
 * <p>Create-once: {@link #create} first asks whether the key exists (HEAD) and refuses if it does, then writes
 * with {@code If-None-Match: *}, so that a server that honours conditional writes (AWS S3, recent Ceph RGW and
 * MinIO) refuses the write if the object appeared in between ({@code 412}). A server that ignores the header
 * (S3Proxy, older RGW) leaves a window between the HEAD and the PUT in which a second writer of the same key
 * could be overwritten; only concurrent writers of one key meet it, and the repository format names objects
 * by their content, so the object written last holds the same bytes.
 *
 * <p>Requests use the JDK's HTTP connection; checksums beyond the transport's are computed only where the
 * service requires them, as services other than AWS do not all accept the newer checksum headers (the
 * repository's objects carry their own authentication).
 */
public final class S3Target implements ObjectTarget {
    private final S3Location location;
    private final S3Client client;

    private S3Target(S3Location location, S3Client client) {
        this.location = location;
        this.client = client;
    }

    /**
     * A target for {@code location}, its credentials read now.
     *
     * @throws ConfigException if the location is malformed or the credentials file is missing, readable by
     *                         others than its owner, or not in the documented format
     */
    public static S3Target open(S3Location location) {
        checkLocation(location);
        S3Credentials credentials = S3Credentials.read(location.credentials());
        S3Client client = S3Client.builder()
                .endpointOverride(location.endpoint())
                .region(Region.of(location.region()))
                .forcePathStyle(true)
                .credentialsProvider(StaticCredentialsProvider.create(
                        AwsBasicCredentials.create(credentials.accessKeyId(), credentials.secretAccessKey())))
                .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED)
                .httpClient(UrlConnectionHttpClient.create())
                .build();
        return new S3Target(location, client);
    }

    private static void checkLocation(S3Location location) {
        String scheme = location.endpoint().getScheme();
        if (!"https".equals(scheme) && !"http".equals(scheme) || location.endpoint().getHost() == null) {
            throw ConfigException.ofSetting("endpoint", ": " + location.endpoint() + " is not an http(s) address");
        }
        if (location.bucket().isEmpty() || location.bucket().contains("/")) {
            throw ConfigException.ofSetting("bucket", ": '" + location.bucket() + "' is not a bucket name");
        }
        String prefix = location.prefix();
        if (!prefix.isEmpty() && (prefix.startsWith("/") || !prefix.endsWith("/") || !validKey(prefix + "x"))) {
            throw ConfigException.ofSetting("prefix", ": '" + prefix + "' must be empty or parts ending in '/'");
        }
        if (location.region().isBlank()) {
            throw ConfigException.ofSetting("region", ": is empty (us-east-1 where the service ignores it)");
        }
    }

    @Override
    public void create(String key, byte[] content) throws IOException {
        String name = objectName(key);
        try {
            if (exists(name)) {
                throw new ObjectExistsException(describe(), key);
            }
            client.putObject(put -> put.bucket(location.bucket()).key(name).ifNoneMatch("*"),
                    RequestBody.fromBytes(content));
        } catch (AwsServiceException e) {
            if (e.statusCode() == 412) {
                throw new ObjectExistsException(describe(), key);
            }
            throw failure("create", key, e);
        } catch (SdkException e) {
            throw failure("create", key, e);
        }
    }

    private boolean exists(String name) {
        try {
            client.headObject(head -> head.bucket(location.bucket()).key(name));
            return true;
        } catch (AwsServiceException e) {
            if (e.statusCode() == 404) {
                return false;
            }
            throw e;
        }
    }

    @Override
    public Optional<byte[]> read(String key) throws IOException {
        String name = objectName(key);
        try {
            return Optional.of(client.getObjectAsBytes(get -> get.bucket(location.bucket()).key(name)).asByteArray());
        } catch (AwsServiceException e) {
            if (e.statusCode() == 404) {
                return Optional.empty();
            }
            throw failure("read", key, e);
        } catch (SdkException e) {
            throw failure("read", key, e);
        }
    }

    /**
     * Skips names that are no object key, such as the {@code dir/} markers some servers and consoles create
     * (S3Proxy's file-system store lists its directories so).
     */
    @Override
    public List<String> list(String prefix) throws IOException {
        List<String> keys = new ArrayList<>();
        try {
            client.listObjectsV2Paginator(list -> list.bucket(location.bucket()).prefix(location.prefix() + prefix))
                    .contents().stream()
                    .map(S3Object::key)
                    .map(name -> name.substring(location.prefix().length()))
                    .filter(S3Target::validKey)
                    .forEach(keys::add);
        } catch (SdkException e) {
            throw failure("list", prefix, e);
        }
        keys.sort(null);
        return keys;
    }

    /** Nothing to remove: a PUT makes a whole object or none. */
    @Override
    public int removeIncomplete(Instant before) {
        return 0;
    }

    @Override
    public void delete(String key) throws IOException {
        String name = objectName(key);
        try {
            client.deleteObject(delete -> delete.bucket(location.bucket()).key(name));
        } catch (SdkException e) {
            throw failure("delete", key, e);
        }
    }

    /** {@code s3://BUCKET/PREFIX at ENDPOINT}. */
    @Override
    public String describe() {
        return "s3://" + location.bucket() + "/" + location.prefix() + " at " + location.endpoint();
    }

    @Override
    public void close() {
        client.close();
    }

    private String objectName(String key) {
        if (!validKey(key)) {
            throw new IllegalArgumentException("not an object key: " + key);
        }
        return location.prefix() + key;
    }

    private static boolean validKey(String key) {
        return !key.isEmpty() && Stream.of(key.split("/", -1))
                .noneMatch(part -> part.isEmpty() || part.equals(".") || part.equals(".."));
    }

    /** What failed, where, and what the service or the connection said; a refusal points at the credentials. */
    private IOException failure(String operation, String key, SdkException e) {
        String what = describe() + ": " + operation + " of '" + key + "' failed: ";
        if (e instanceof AwsServiceException service && service.awsErrorDetails() != null) {
            String code = service.awsErrorDetails().errorCode();
            String message = service.awsErrorDetails().errorMessage();
            String said = "HTTP " + service.statusCode() + (code == null ? "" : " " + code)
                    + (message == null ? "" : " (" + message + ")");
            if (service.statusCode() == 401 || service.statusCode() == 403) {
                return new IOException(what + said + "; check the access key pair in " + location.credentials()
                        + " and the user's permissions on the bucket", e);
            }
            return new IOException(what + said, e);
        }
        return new IOException(what + e.getMessage(), e);
    }
}
