package io.kaizen.backup.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import io.kaizen.backup.testing.S3Server.Kind;
import io.kaizen.backup.testing.S3Server.Received;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * The S3 server's request record can catch what offsite tests look for: an overwrite, a delete of either form.
 * The requests are made with a bare S3 client, not with the code under test.
 */
class S3ServerIT {
    @RegisterExtension
    static final S3Server S3 = new S3Server();

    private static S3Client client() {
        return S3Client.builder().endpointOverride(S3.endpoint()).region(Region.US_EAST_1).forcePathStyle(true)
                .credentialsProvider(StaticCredentialsProvider.create(
                        AwsBasicCredentials.create(S3Server.ACCESS_KEY_ID, S3Server.SECRET_ACCESS_KEY)))
                .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                .httpClient(UrlConnectionHttpClient.create()).build();
    }

    @Test
    void anOverwriteIsRecordedAsAReplacingPutAndSoIsThatS3ProxyIgnoresIfNoneMatch() {
        try (S3Client s3 = client()) {
            S3.clear();
            s3.putObject(put -> put.bucket(S3Server.BUCKET).key("o/k").ifNoneMatch("*"), RequestBody.fromString("1"));
            s3.putObject(put -> put.bucket(S3Server.BUCKET).key("o/k").ifNoneMatch("*"), RequestBody.fromString("2"));

            assertThat(S3.received()).containsExactly(new Received(Kind.PUT_OBJECT, "PUT", "o/k", false, 200),
                    new Received(Kind.PUT_OBJECT, "PUT", "o/k", true, 200));
            assertThat(s3.getObjectAsBytes(get -> get.bucket(S3Server.BUCKET).key("o/k")).asUtf8String())
                    .isEqualTo("2");
        }
    }

    @Test
    void singleAndBatchDeletesAreBothCountedAsDeletes() {
        try (S3Client s3 = client()) {
            s3.putObject(put -> put.bucket(S3Server.BUCKET).key("d/1"), RequestBody.fromString("1"));
            s3.putObject(put -> put.bucket(S3Server.BUCKET).key("d/2"), RequestBody.fromString("2"));
            S3.clear();

            s3.deleteObject(delete -> delete.bucket(S3Server.BUCKET).key("d/1"));
            // S3Proxy answers 501 to the checksum header the SDK puts on a batch delete: the attempt counts.
            assertThatThrownBy(() -> s3.deleteObjects(delete -> delete.bucket(S3Server.BUCKET)
                    .delete(d -> d.objects(o -> o.key("d/2"))))).isInstanceOf(S3Exception.class);
            s3.listObjectsV2(list -> list.bucket(S3Server.BUCKET).prefix("d/"));

            assertThat(S3.received()).extracting(Received::kind, Received::method, Received::status).containsExactly(
                    tuple(Kind.DELETE, "DELETE", 204), tuple(Kind.DELETE, "POST", 501), tuple(Kind.LIST, "GET", 200));
            assertThat(S3.count(Kind.DELETE)).isEqualTo(2);
        }
    }
}
