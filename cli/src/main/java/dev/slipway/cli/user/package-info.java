/** Users, their roles and quotas, and API tokens. */
@NullMarked
package dev.slipway.cli.user;

import org.jspecify.annotations.NullMarked;
