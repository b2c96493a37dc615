package dev.slipway.cli.upload;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What {@code slipway upload DIR} sends: the directory's tree as a gzip tar, relative and unfollowed. */
class DirectoryTarTest {

    @TempDir
    Path temp;

    private Path project() throws IOException {
        Path project = Files.createDirectories(temp.resolve("project"));
        Files.writeString(project.resolve("hello.txt"), "hello\n");
        Files.createDirectories(project.resolve("src/main"));
        Path script = Files.writeString(project.resolve("src/main/build.sh"), "#!/bin/sh\necho built\n");
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-x---"));
        Files.createSymbolicLink(project.resolve("src/latest"), Path.of("main/build.sh"));
        return project;
    }

    /** Every entry of a gzip tar: its name, then its content, link target or "dir". */
    private static Map<String, String> entries(InputStream archive) throws IOException {
        Map<String, String> entries = new LinkedHashMap<>();
        try (TarArchiveInputStream tar = new TarArchiveInputStream(new GzipCompressorInputStream(archive))) {
            TarArchiveEntry entry;
            while ((entry = tar.getNextEntry()) != null) {
                String what = entry.isDirectory()
                        ? "dir"
                        : entry.isSymbolicLink()
                                ? "-> " + entry.getLinkName()
                                : new String(tar.readAllBytes(), StandardCharsets.UTF_8);
                entries.put(entry.getName(), what);
            }
        }
        return entries;
    }

    @Test
    void namesAreRelativeToTheDirectoryAndTheContentRoundTrips() throws IOException {
        ByteArrayOutputStream archive = new ByteArrayOutputStream();

        assertThat(DirectoryTar.write(project(), archive)).isEmpty();

        assertThat(entries(new java.io.ByteArrayInputStream(archive.toByteArray())))
                .containsExactly(
                        Map.entry("hello.txt", "hello\n"),
                        Map.entry("src/", "dir"),
                        Map.entry("src/latest", "-> main/build.sh"),
                        Map.entry("src/main/", "dir"),
                        Map.entry("src/main/build.sh", "#!/bin/sh\necho built\n"));
    }

    @Test
    void aSymbolicLinkIsKeptAsALinkNeverFollowed() throws IOException {
        Path project = project();
        Path outside = Files.writeString(temp.resolve("secret.txt"), "not for the farm");
        Files.createSymbolicLink(project.resolve("escape"), outside);
        ByteArrayOutputStream archive = new ByteArrayOutputStream();

        DirectoryTar.write(project, archive);

        Map<String, String> entries = entries(new java.io.ByteArrayInputStream(archive.toByteArray()));
        assertThat(entries).containsEntry("escape", "-> " + outside);
        assertThat(entries.values()).doesNotContain("not for the farm");
    }

    @Test
    void aFilesModeIsKept() throws IOException {
        ByteArrayOutputStream archive = new ByteArrayOutputStream();
        DirectoryTar.write(project(), archive);

        try (TarArchiveInputStream tar = new TarArchiveInputStream(
                new GzipCompressorInputStream(new java.io.ByteArrayInputStream(archive.toByteArray())))) {
            TarArchiveEntry entry;
            while ((entry = tar.getNextEntry()) != null) {
                if (entry.getName().equals("src/main/build.sh")) {
                    assertThat(entry.getMode() & 0777).isEqualTo(0750);
                    return;
                }
            }
        }
        throw new AssertionError("no src/main/build.sh in the archive");
    }

    @Test
    void aDirectoryBecomesATemporaryGzipTarDeletedOnClose() throws IOException {
        Path file;
        try (SourceArchive archive = SourceArchive.of(project())) {
            file = archive.file();
            assertThat(archive.contentType()).isEqualTo("application/gzip");
            try (InputStream in = Files.newInputStream(file)) {
                assertThat(entries(in)).containsKey("hello.txt");
            }
        }
        assertThat(file).doesNotExist();
    }

    @Test
    void aTarFileIsSentAsItIsAndKept() throws IOException {
        Path tgz = Files.write(temp.resolve("src.tgz"), new byte[] {1});
        Path tar = Files.write(temp.resolve("src.tar"), new byte[] {1});

        try (SourceArchive archive = SourceArchive.of(tgz)) {
            assertThat(archive.file()).isEqualTo(tgz);
            assertThat(archive.contentType()).isEqualTo("application/gzip");
        }
        try (SourceArchive archive = SourceArchive.of(tar)) {
            assertThat(archive.contentType()).isEqualTo("application/x-tar");
        }
        assertThat(tgz).exists();
        assertThat(tar).exists();
    }

    @Test
    void anyOtherFileIsRefusedBeforeAnythingIsSent() throws IOException {
        Path zip = Files.write(temp.resolve("src.zip"), new byte[] {1});

        assertThatThrownBy(() -> SourceArchive.of(zip))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("neither a directory nor a .tar, .tar.gz or .tgz file");
        assertThatThrownBy(() -> SourceArchive.of(temp.resolve("missing")))
                .isInstanceOf(java.nio.file.NoSuchFileException.class);
    }
}
