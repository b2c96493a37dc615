package dev.slipway.gateway.image;

import java.util.List;

/**
 * One image the templates name, and which live workers have it.
 *
 * @param templates the templates that name it
 * @param workers the live workers whose hosts have it
 */
record CatalogueEntry(String image, List<String> templates, List<WorkerImage> workers) {

    /** One worker's copy: the engine's id of it, and its size there. */
    record WorkerImage(String workerId, String imageId, long sizeBytes) {}
}
