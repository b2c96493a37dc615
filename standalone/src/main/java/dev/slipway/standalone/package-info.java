/**
 * Gateway and one worker in one JVM over an in-process job broker and a private redis-server: the
 * README's first command, for a machine with nothing but a JDK and Docker.
 */
@NullMarked
package dev.slipway.standalone;

import org.jspecify.annotations.NullMarked;
