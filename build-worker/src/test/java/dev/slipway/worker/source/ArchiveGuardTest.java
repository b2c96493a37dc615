package dev.slipway.worker.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.junit.jupiter.api.Test;

class ArchiveGuardTest {

    private final ArchiveGuard guard = new ArchiveGuard(1024, 100);

    @Test
    void copiesFilesDirectoriesAndInsideLinksUnderThePrefix() throws IOException {
        byte[] tar = tar(
                dir("./src/"),
                file("./src/main.c", "int main(){}"),
                file("README", "hi"),
                link("src/current", "main.c"),
                link("docs", "src/../README"));
        ByteArrayOutputStream out = new ByteArrayOutputStream();

        ArchiveGuard.Copied copied = guard.copy(new ByteArrayInputStream(tar), "workspace", null, out);

        assertThat(copied).isEqualTo(new ArchiveGuard.Copied(2, 14));
        assertThat(names(out.toByteArray()))
                .containsExactly(
                        "workspace/",
                        "workspace/src/",
                        "workspace/src/main.c",
                        "workspace/README",
                        "workspace/src/current",
                        "workspace/docs");
    }

    @Test
    void refusesAPathClimbingOutWithDotDot() {
        assertRefused(tar(file("a/../../etc/passwd", "x")), "climbs out with '..'");
    }

    @Test
    void refusesAnAbsolutePath() {
        assertRefused(tar(file("/etc/cron.d/evil", "x")), "absolute path");
    }

    @Test
    void refusesALinkToAnAbsolutePath() {
        assertRefused(tar(link("etc", "/etc")), "links to the absolute path '/etc'");
    }

    @Test
    void refusesALinkClimbingOutOfTheDirectory() {
        assertRefused(tar(link("sub/up", "../../..")), "outside the working directory");
    }

    @Test
    void refusesAFileWrittenThroughALinkOfTheSameArchive() {
        assertRefused(tar(link("inside", "sub"), file("inside/file", "x")), "through the link 'inside'");
    }

    @Test
    void refusesAHardLinkOutOfTheDirectory() {
        TarArchiveEntry hard = new TarArchiveEntry("passwd", TarArchiveEntry.LF_LINK);
        hard.setLinkName("../../etc/passwd");
        assertRefused(tar(new Entry(hard, null)), "climbs out with '..'");
    }

    @Test
    void refusesAHardLinkToALinkThatWouldLandOneLevelHigher() {
        TarArchiveEntry hard = new TarArchiveEntry("h", TarArchiveEntry.LF_LINK);
        hard.setLinkName("d/l");
        assertRefused(tar(dir("d/"), link("d/l", ".."), new Entry(hard, null)), "no file earlier in the archive");
    }

    @Test
    void refusesALinkWhoseTargetClimbsBackThroughAnotherLink() {
        assertRefused(tar(dir("d/"), link("d/l", ".."), link("e", "d/l/..")), "through the link 'd/l'");
    }

    @Test
    void keepsAHardLinkToAFileEarlierInTheArchive() throws IOException {
        TarArchiveEntry hard = new TarArchiveEntry("copy", TarArchiveEntry.LF_LINK);
        hard.setLinkName("original");
        ByteArrayOutputStream out = new ByteArrayOutputStream();

        guard.copy(new ByteArrayInputStream(tar(file("original", "x"), new Entry(hard, null))), "w", null, out);

        assertThat(names(out.toByteArray())).containsExactly("w/", "w/original", "w/copy");
    }

    @Test
    void refusesAPathThatComesBackAsSomethingElse() {
        assertRefused(tar(file("a", "x"), link("a", "sub")), "appears twice");
    }

    @Test
    void refusesAControlCharacterInAName() {
        assertRefused(tar(file("evil\nname", "x")), "control character");
    }

    @Test
    void refusesAGnuLongNameLongerThanAnyPath() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (TarArchiveOutputStream tar = new TarArchiveOutputStream(bytes)) {
            tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_GNU);
            TarArchiveEntry entry = new TarArchiveEntry("n".repeat(70_000));
            entry.setSize(0);
            tar.putArchiveEntry(entry);
            tar.closeArchiveEntry();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        assertRefused(bytes.toByteArray(), "a name longer than 65536 bytes");
    }

    @Test
    void refusesADeviceFile() {
        assertRefused(tar(new Entry(new TarArchiveEntry("null", TarArchiveEntry.LF_CHR), null)), "device or a pipe");
    }

    @Test
    void refusesASourceOverTheSizeLimit() {
        assertRefused(tar(file("big", "x".repeat(1025))), "more than 1024 bytes");
    }

    @Test
    void refusesASourceOverTheEntryLimit() {
        List<Entry> many = new ArrayList<>();
        for (int i = 0; i < 101; i++) {
            many.add(file("f" + i, ""));
        }
        assertRefused(tar(many.toArray(Entry[]::new)), "more than 100 entries");
    }

    @Test
    void writesNothingOfARefusedEntryNorAfterIt() throws IOException {
        byte[] tar = tar(file("ok", "fine"), file("../evil", "x"), file("later", "y"));
        ByteArrayOutputStream out = new ByteArrayOutputStream();

        assertThatThrownBy(() -> guard.copy(new ByteArrayInputStream(tar), "", null, out))
                .isInstanceOf(SourceRejectedException.class);

        assertThat(new String(out.toByteArray(), StandardCharsets.ISO_8859_1))
                .doesNotContain("evil")
                .doesNotContain("later");
    }

    @Test
    void dropsSetUidBits() throws IOException {
        Entry setuid = file("tool", "#!/bin/sh");
        setuid.entry().setMode(04755);
        ByteArrayOutputStream out = new ByteArrayOutputStream();

        guard.copy(new ByteArrayInputStream(tar(setuid)), "", null, out);

        try (TarArchiveInputStream in = new TarArchiveInputStream(new ByteArrayInputStream(out.toByteArray()))) {
            assertThat(in.getNextEntry().getMode() & 07777).isEqualTo(0755);
        }
    }

    private void assertRefused(byte[] tar, String reason) {
        assertThatThrownBy(
                        () -> guard.copy(new ByteArrayInputStream(tar), "workspace", null, new ByteArrayOutputStream()))
                .isInstanceOf(SourceRejectedException.class)
                .hasMessageContaining(reason);
    }

    private record Entry(TarArchiveEntry entry, byte[] content) {}

    private static Entry file(String name, String content) {
        byte[] bytes = content.getBytes(StandardCharsets.UTF_8);
        TarArchiveEntry entry = new TarArchiveEntry(name, true); // names kept as given, '..' and '/' too
        entry.setSize(bytes.length);
        entry.setMode(0644);
        return new Entry(entry, bytes);
    }

    private static Entry dir(String name) {
        return new Entry(new TarArchiveEntry(name, TarArchiveEntry.LF_DIR, true), null);
    }

    private static Entry link(String name, String target) {
        TarArchiveEntry entry = new TarArchiveEntry(name, TarArchiveEntry.LF_SYMLINK, true);
        entry.setLinkName(target);
        return new Entry(entry, null);
    }

    private static byte[] tar(Entry... entries) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (TarArchiveOutputStream tar = new TarArchiveOutputStream(bytes)) {
            for (Entry entry : entries) {
                tar.putArchiveEntry(entry.entry());
                if (entry.content() != null) {
                    tar.write(entry.content());
                }
                tar.closeArchiveEntry();
            }
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    private static List<String> names(byte[] tar) throws IOException {
        List<String> names = new ArrayList<>();
        try (TarArchiveInputStream in = new TarArchiveInputStream(new ByteArrayInputStream(tar))) {
            for (TarArchiveEntry entry = in.getNextEntry(); entry != null; entry = in.getNextEntry()) {
                names.add(entry.getName());
            }
        }
        return names;
    }
}
