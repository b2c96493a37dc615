/**
 * The image catalogue: which live workers have each template's image, and the pulls operators ask
 * for ahead of the environments that will need them.
 */
@NullMarked
package dev.slipway.gateway.image;

import org.jspecify.annotations.NullMarked;
