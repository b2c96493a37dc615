package dev.slipway.gateway.upload;

/** An upload past {@code slipway.gateway.uploads.max-size}: a 413. */
class UploadTooLargeException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    final long maxBytes;

    UploadTooLargeException(long maxBytes) {
        super("the upload is larger than the " + maxBytes + " bytes this gateway accepts"
                + " (slipway.gateway.uploads.max-size)");
        this.maxBytes = maxBytes;
    }
}
