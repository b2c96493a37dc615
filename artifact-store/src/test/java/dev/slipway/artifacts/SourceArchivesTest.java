package dev.slipway.artifacts;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;

class SourceArchivesTest {

    private static final byte[] TAR_BYTES = "plain tar bytes".getBytes(StandardCharsets.US_ASCII);

    @Test
    void aPlainArchiveReadsAsItIs() throws IOException {
        assertThat(SourceArchives.plainTar(new ByteArrayInputStream(TAR_BYTES)).readAllBytes())
                .isEqualTo(TAR_BYTES);
    }

    @Test
    void aGzipArchiveIsDecompressed() throws IOException {
        ByteArrayOutputStream compressed = new ByteArrayOutputStream();
        try (GZIPOutputStream gzip = new GZIPOutputStream(compressed)) {
            gzip.write(TAR_BYTES);
        }
        assertThat(SourceArchives.plainTar(new ByteArrayInputStream(compressed.toByteArray()))
                        .readAllBytes())
                .isEqualTo(TAR_BYTES);
    }

    @Test
    void inputsShorterThanTheMagicAreReadPlain() throws IOException {
        assertThat(SourceArchives.plainTar(new ByteArrayInputStream(new byte[0]))
                        .readAllBytes())
                .isEmpty();
        assertThat(SourceArchives.plainTar(new ByteArrayInputStream(new byte[] {0x1f}))
                        .readAllBytes())
                .containsExactly(0x1f);
    }
}
