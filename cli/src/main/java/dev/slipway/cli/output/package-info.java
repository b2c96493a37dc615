/** What the commands print: tables, raw JSON, exit codes. */
@NullMarked
package dev.slipway.cli.output;

import org.jspecify.annotations.NullMarked;
