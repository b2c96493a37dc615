package dev.slipway.gateway.upload;

import dev.slipway.artifacts.SourceArchives;
import java.io.IOException;
import java.io.InputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;

/**
 * Whether a stored upload is a tar archive, plain or gzip-compressed: read from its first header
 * block, so that a job is never accepted with something its worker could not unpack. What the
 * entries hold is the worker's to judge as it unpacks them.
 */
final class TarSignature {

    private static final int HEADER = 512;

    private TarSignature() {}

    static boolean isTar(InputStream content) throws IOException {
        InputStream tar = SourceArchives.plainTar(content);
        byte[] header = tar.readNBytes(HEADER);
        if (header.length == 0) {
            return false;
        }
        // an empty archive is two zero blocks: a tar all the same
        boolean zeros = true;
        for (byte b : header) {
            zeros &= b == 0;
        }
        return (zeros && header.length == HEADER) || TarArchiveInputStream.matches(header, header.length);
    }
}
