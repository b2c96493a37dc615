package dev.slipway.worker.artifacts;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.artifacts.filesystem.FilesystemArtifactStore;
import dev.slipway.model.ArtifactFile;
import dev.slipway.model.ArtifactSpec;
import dev.slipway.model.ArtifactWhen;
import dev.slipway.model.JobId;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ArtifactCollectorTest {

    private static final JobId JOB = JobId.of("019ae0c4-7a3b-7c2d-8e4f-0123456789ab");

    @TempDir
    Path root;

    @Test
    void onlyRegularFilesTheRulesKeepAreStoredAndLinksAndEscapesAreNot() throws IOException {
        byte[] tar = tar(archive -> {
            directory(archive, "workspace/");
            file(archive, "workspace/out/a.txt", "a");
            file(archive, "workspace/out/skip.tmp", "tmp");
            file(archive, "workspace/src/main.c", "int main;");
            file(archive, "workspace/out/../../escape", "no");
            TarArchiveEntry link = new TarArchiveEntry("workspace/out/passwd", TarArchiveEntry.LF_SYMLINK);
            link.setLinkName("/etc/passwd");
            archive.putArchiveEntry(link);
            archive.closeArchiveEntry();
        });
        ArtifactSpec rules =
                new ArtifactSpec(List.of("out/**", "**/escape"), List.of("**/*.tmp"), ArtifactWhen.ALWAYS, 60);

        Collected collected = new ArtifactCollector(new FilesystemArtifactStore(root))
                .collect(JOB, 1, rules, new ByteArrayInputStream(tar), 1024);

        assertThat(collected)
                .isInstanceOfSatisfying(
                        Collected.Kept.class,
                        kept -> assertThat(kept.files())
                                .extracting(ArtifactFile::path)
                                .containsExactly("out/a.txt"));
        try (Stream<Path> files = Files.walk(root)) {
            assertThat(files.filter(Files::isRegularFile).map(root::relativize).map(Path::toString))
                    .containsExactly("jobs/" + JOB.value() + "/1/out/a.txt");
        }
    }

    @Test
    void filesPastTheLimitKeepNoneAndSayWhere() throws IOException {
        byte[] tar = tar(archive -> {
            file(archive, "workspace/out/small", "x".repeat(600));
            file(archive, "workspace/out/big", "y".repeat(600));
        });

        Collected collected = new ArtifactCollector(new FilesystemArtifactStore(root))
                .collect(
                        JOB,
                        2,
                        new ArtifactSpec(List.of("out"), List.of(), ArtifactWhen.ON_SUCCESS, 60),
                        new ByteArrayInputStream(tar),
                        1000);

        assertThat(collected).isInstanceOfSatisfying(Collected.OverLimit.class, over -> {
            assertThat(over.path()).isEqualTo("out/big");
            assertThat(over.limit()).contains("slipway.worker.artifacts.max-total");
        });
        try (Stream<Path> files = Files.walk(root)) {
            assertThat(files.filter(Files::isRegularFile))
                    .as("what was stored before the limit")
                    .isEmpty();
        }
    }

    interface Entries {
        void write(TarArchiveOutputStream archive) throws IOException;
    }

    private static byte[] tar(Entries entries) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (TarArchiveOutputStream archive = new TarArchiveOutputStream(bytes)) {
            archive.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
            entries.write(archive);
        }
        return bytes.toByteArray();
    }

    private static void directory(TarArchiveOutputStream archive, String name) throws IOException {
        archive.putArchiveEntry(new TarArchiveEntry(name));
        archive.closeArchiveEntry();
    }

    private static void file(TarArchiveOutputStream archive, String name, String content) throws IOException {
        byte[] bytes = content.getBytes(StandardCharsets.UTF_8);
        TarArchiveEntry entry = new TarArchiveEntry(name);
        entry.setSize(bytes.length);
        archive.putArchiveEntry(entry);
        archive.write(bytes);
        archive.closeArchiveEntry();
    }
}
