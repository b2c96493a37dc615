/** Image build jobs: a context built into tagged images with the engine's classic builder, then pushed. */
@NullMarked
package dev.slipway.worker.build;

import org.jspecify.annotations.NullMarked;
