package dev.slipway.model;

/** An image an image build job pushed: its tag and the manifest digest the registry answered. */
public record PushedImage(String tag, String digest) {}
