package io.kaizen.backup.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.kaizen.backup.testing.FileSystemImage;
import io.kaizen.backup.testing.TreeBuilder;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.LocalDate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A store on ext4, where an inode holds at most 65,000 links: once an unchanged file's copy in the previous
 * snapshot is at that limit, both engines copy it to a fresh inode and go on (exit 0), the Java engine counting
 * and saying it; the other files are still hard-linked, and the next run links to the fresh copy.
 */
class HardLinkLimitIT {
    private static final int EXT4_LINK_LIMIT = 65_000;
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path temp;

    private FileSystemImage image;

    @BeforeEach
    void mountExt4() {
        image = FileSystemImage.ext4(64L << 20);
    }

    @AfterEach
    void unmount() {
        image.close();
    }

    @ParameterizedTest(name = "engine {0}")
    @ValueSource(strings = {"java", "rsync"})
    void aFileAtTheLinkLimitIsCopiedToAFreshInode(String engine) throws Exception {
        Path source = temp.resolve("src");
        TreeBuilder.at(source).file("busy", "linked from every snapshot\n").file("calm", "linked too\n");
        Path store = image.mountPoint().resolve("store");
        KaizenProcess.Result first = snapshot(engine, source, store, "2026-06-01");
        assertThat(first.exitCode()).as("first snapshot\n%s", first).isZero();
        Path busy = inSnapshot(store, "2026-06-01", source.resolve("busy"));
        Path holders = Files.createDirectory(image.mountPoint().resolve("holders"));
        for (int i = 1; i < EXT4_LINK_LIMIT; i++) {
            Files.createLink(holders.resolve(Integer.toString(i)), busy);
        }
        assertThat(Files.getAttribute(busy, "unix:nlink", LinkOption.NOFOLLOW_LINKS)).isEqualTo(EXT4_LINK_LIMIT);

        KaizenProcess.Result atLimit = snapshot(engine, source, store, "2026-06-02");
        assertThat(atLimit.exitCode()).as("the run where an unchanged file is at the link limit\n%s", atLimit)
                .isZero();
        Path busyAgain = inSnapshot(store, "2026-06-02", source.resolve("busy"));
        assertThat(Files.isSameFile(busyAgain, busy)).as("the file at the limit got a fresh inode").isFalse();
        assertThat(Files.readString(busyAgain)).isEqualTo("linked from every snapshot\n");
        assertThat(Files.isSameFile(inSnapshot(store, "2026-06-02", source.resolve("calm")),
                inSnapshot(store, "2026-06-01", source.resolve("calm")))).as("the other file is still linked").isTrue();
        JsonNode manifest = JSON.readTree(store.resolve("2026-06-02/.kaizen/manifest.json").toFile());
        if (engine.equals("java")) {
            String said = "1 file copied to a new inode because link() was refused";
            assertThat(atLimit.stdout()).as("the run says it\n%s", atLimit).contains(said).contains("Too many links");
            assertThat(manifest.path("sources").get(0).path("message").asText()).as("the manifest records it")
                    .contains(said);
        }

        KaizenProcess.Result next = snapshot(engine, source, store, "2026-06-03");
        assertThat(next.exitCode()).as("the next run\n%s", next).isZero();
        assertThat(Files.isSameFile(inSnapshot(store, "2026-06-03", source.resolve("busy")), busyAgain))
                .as("the next run links to the fresh copy").isTrue();
        JsonNode nextManifest = JSON.readTree(store.resolve("2026-06-03/.kaizen/manifest.json").toFile());
        assertThat(manifest.path("counts").path("filesCopied").asLong()).as("files copied at the limit")
                .isEqualTo(nextManifest.path("counts").path("filesCopied").asLong() + 1);
    }

    private static Path inSnapshot(Path store, String date, Path path) {
        return store.resolve(date).resolve(path.toString().substring(1));
    }

    private static KaizenProcess.Result snapshot(String engine, Path source, Path store, String date) {
        return InProcess.run(InProcess.at(LocalDate.parse(date)), "snapshot", "--engine", engine, "--source",
                source.toString(), "--dest", store.toString(), "--date", date);
    }
}
