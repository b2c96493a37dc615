package dev.slipway.gateway.environment;

import java.util.List;
import org.jspecify.annotations.Nullable;

/** One page of environments, newest first; {@code nextCursor} asks for the next (null: this is the last). */
record EnvironmentPage(
        List<EnvironmentView> items, @Nullable String nextCursor) {}
