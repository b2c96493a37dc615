package dev.slipway.model;

/**
 * An image a worker's Docker host has, as the worker reports it for the image catalogue.
 *
 * @param image the reference as templates name it
 * @param imageId the engine's id of it ({@code sha256:…})
 * @param sizeBytes its size on the host
 */
public record HostImage(String image, String imageId, long sizeBytes) {}
