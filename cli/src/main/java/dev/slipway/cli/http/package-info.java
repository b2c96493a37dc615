/** The gateway's HTTP API as the commands need it: JSON calls, problem details, Server-Sent Events. */
@NullMarked
package dev.slipway.cli.http;

import org.jspecify.annotations.NullMarked;
