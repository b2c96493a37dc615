/** Workers: listing, cordon, uncordon, drain. */
@NullMarked
package dev.slipway.cli.worker;

import org.jspecify.annotations.NullMarked;
