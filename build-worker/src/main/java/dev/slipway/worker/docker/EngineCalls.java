package dev.slipway.worker.docker;

import dev.slipway.worker.execution.ContainerRuntimeException;
import java.io.Closeable;
import java.io.IOException;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/** How the adapters of this package turn docker-java's failures into the ports' exception. */
final class EngineCalls {

    private EngineCalls() {}

    static <T> T call(String what, Supplier<T> action) {
        try {
            return action.get();
        } catch (RuntimeException e) {
            throw engineFailure(what, e);
        }
    }

    static void run(String what, Runnable action) {
        call(what, () -> {
            action.run();
            return null;
        });
    }

    static ContainerRuntimeException engineFailure(String what, RuntimeException e) {
        return new ContainerRuntimeException(what + " failed: " + firstLine(e.getMessage()), e);
    }

    static String firstLine(@Nullable String message) {
        if (message == null) {
            return "no details";
        }
        String trimmed = message.strip();
        int newline = trimmed.indexOf('\n');
        return newline < 0 ? trimmed : trimmed.substring(0, newline);
    }

    static void closeQuietly(Closeable closeable) {
        try {
            closeable.close();
        } catch (IOException ignored) {
            // the stream is finished either way
        }
    }
}
