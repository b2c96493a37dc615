package dev.slipway.artifacts.filesystem;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.artifacts.ArtifactStore;
import dev.slipway.artifacts.ArtifactStoreContract;
import dev.slipway.artifacts.ObjectKey;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FilesystemArtifactStoreTest extends ArtifactStoreContract {

    @TempDir
    Path root;

    private FilesystemArtifactStore store;

    @BeforeEach
    void open() {
        store = new FilesystemArtifactStore(root);
    }

    @Override
    protected ArtifactStore store() {
        return store;
    }

    @Test
    void objectsAreFilesUnderTheRootAndNoPartialFileStays() throws IOException {
        store.put(
                ObjectKey.of("jobs", "j1", "out", "a.txt"),
                new ByteArrayInputStream("a".getBytes(java.nio.charset.StandardCharsets.UTF_8)),
                10);
        try {
            store.put(ObjectKey.of("jobs", "j1", "big"), new ByteArrayInputStream(new byte[100]), 10);
        } catch (RuntimeException expected) {
            // past its limit
        }

        assertThat(root.resolve("jobs/j1/out/a.txt")).hasContent("a");
        try (Stream<Path> files = Files.walk(root)) {
            assertThat(files.filter(Files::isRegularFile).map(root::relativize).map(Path::toString))
                    .containsExactly("jobs/j1/out/a.txt");
        }
    }
}
