/** Source archives: a directory tarred on the fly, or a tar as it is, sent to the gateway's uploads. */
@NullMarked
package dev.slipway.cli.upload;

import org.jspecify.annotations.NullMarked;
