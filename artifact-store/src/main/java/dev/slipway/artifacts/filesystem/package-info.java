/** The artifact store as a directory: the default, and the standalone mode's. */
@NullMarked
package dev.slipway.artifacts.filesystem;

import org.jspecify.annotations.NullMarked;
