package io.kaizen.backup.offsite.target;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kaizen.backup.ConfigException;
import io.kaizen.backup.testing.S3Server;
import io.kaizen.backup.testing.S3Server.Kind;
import io.kaizen.backup.testing.S3Server.Received;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** {@link S3Target} against a real S3 server: the port's contract, and what only S3 has. */
class S3TargetIT {
    @RegisterExtension
    static final S3Server S3 = new S3Server();
    private static final AtomicInteger PREFIXES = new AtomicInteger();

    @TempDir
    Path tmp;

    /** A prefix no other test writes under. */
    private static String freshPrefix() {
        return "t" + PREFIXES.incrementAndGet() + "/repo/";
    }

    private S3Target open(String prefix) {
        return S3Target.open(S3.location(prefix, S3.credentialsFile(tmp.resolve("s3-credentials"))));
    }

    @Nested
    class Contract extends ObjectTargetContract {
        @Override
        ObjectTarget emptyTarget() {
            return open(freshPrefix());
        }
    }

    @Test
    void theServerSeesExactlyTheRequestsEachOperationMakes() throws Exception {
        try (S3Target target = open(freshPrefix())) {
            S3.clear();
            target.create("k", "v".getBytes(StandardCharsets.UTF_8));
            assertThat(S3.received()).extracting(Received::kind).containsExactly(Kind.HEAD, Kind.PUT_OBJECT);

            S3.clear();
            assertThatThrownBy(() -> target.create("k", new byte[1])).isInstanceOf(ObjectExistsException.class);
            assertThat(S3.received()).extracting(Received::kind).containsExactly(Kind.HEAD);

            S3.clear();
            target.read("k");
            target.read("absent");
            target.list("");
            target.delete("k");
            assertThat(S3.received()).extracting(Received::kind)
                    .containsExactly(Kind.GET_OBJECT, Kind.GET_OBJECT, Kind.LIST, Kind.DELETE);
            assertThat(S3.received()).extracting(Received::status).containsExactly(200, 404, 200, 204);
        }
    }

    @Test
    void objectsLiveUnderThePrefixAndTargetsWithOtherPrefixesDoNotSeeThem() throws Exception {
        String prefix = freshPrefix();
        try (S3Target mine = open(prefix); S3Target other = open(freshPrefix())) {
            S3.clear();
            mine.create("packs/p1", new byte[] {1});

            assertThat(S3.received()).extracting(Received::key).containsExactly(prefix + "packs/p1",
                    prefix + "packs/p1");
            assertThat(other.list("")).isEmpty();
            assertThat(other.read("packs/p1")).isEmpty();
            assertThat(mine.list("")).containsExactly("packs/p1");
        }
    }

    @Test
    void wrongCredentialsFailClearlyNamingTheEndpointAndBucketAndNeverTheSecret() throws Exception {
        String wrongSecret = "wrong-secret-never-printed-42";
        Path credentials = S3Server.credentialsFile(tmp.resolve("wrong"), S3Server.ACCESS_KEY_ID, wrongSecret);
        String prefix = freshPrefix();
        try (S3Target target = S3Target.open(S3.location(prefix, credentials))) {
            S3.clear();
            assertThatThrownBy(() -> target.create("k", new byte[1]))
                    .isInstanceOf(IOException.class)
                    .hasMessageContaining(S3.endpoint().toString())
                    .hasMessageContaining(S3Server.BUCKET)
                    .hasMessageContaining("403")
                    .hasMessageContaining(credentials.toString())
                    .message().doesNotContain(wrongSecret).doesNotContain(S3Server.SECRET_ACCESS_KEY);
            assertThat(S3.received()).isNotEmpty().allSatisfy(r -> assertThat(r.status()).isEqualTo(403));
        }
        try (S3Target right = open(prefix)) {
            assertThat(right.list("")).isEmpty();
        }
    }

    @Test
    void aCredentialsFileOthersMayReadIsRefusedBeforeAnyRequest() throws Exception {
        Path credentials = S3.credentialsFile(tmp.resolve("open"));
        Files.setPosixFilePermissions(credentials, PosixFilePermissions.fromString("rw-r--r--"));
        S3.clear();

        assertThatThrownBy(() -> S3Target.open(S3.location(freshPrefix(), credentials)))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining(credentials.toString())
                .hasMessageContaining("chmod 600");
        assertThat(S3.received()).isEmpty();
    }

    @Test
    void aMalformedCredentialsFileNamesTheFileAndNoValue() throws Exception {
        Path credentials = tmp.resolve("bad");
        Files.writeString(credentials, "access-key-id: AKIDVISIBLE\nsecret: s3cr3t-value\n");
        Files.setPosixFilePermissions(credentials, PosixFilePermissions.fromString("rw-------"));

        assertThatThrownBy(() -> S3Target.open(S3.location(freshPrefix(), credentials)))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining(credentials.toString())
                .hasMessageContaining("'secret'")
                .message().doesNotContain("s3cr3t-value").doesNotContain("AKIDVISIBLE");
    }
}
