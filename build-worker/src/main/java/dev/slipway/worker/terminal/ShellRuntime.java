package dev.slipway.worker.terminal;

import java.util.List;

/** Interactive shells in running containers, and the end of everything such a shell started. */
public interface ShellRuntime {

    /**
     * Starts {@code command} with a TTY of the given size in the container. Its output goes to
     * {@code listener} as it comes, in the engine's reads, bytes untouched.
     *
     * @param marker an environment variable ({@code NAME=value}) set on the shell, which every
     *     process it starts inherits: what {@link #killAll} finds them by
     * @throws dev.slipway.worker.execution.ContainerRuntimeException when the engine refuses or fails
     */
    Shell open(String containerId, List<String> command, String marker, int cols, int rows, ShellListener listener);

    /**
     * Kills every process in the container that carries {@code marker} or belongs to the session
     * of one that does, and what they start meanwhile. Docker has no call that ends an exec, so this
     * runs from inside the container.
     *
     * @return whether none is left
     */
    boolean killAll(String containerId, String marker);

    /** What a running shell is fed through. */
    interface Shell {

        /** Writes to the shell's terminal; blocks while the terminal's input buffer is full. */
        void write(byte[] bytes, int offset, int length);

        /** Sets the terminal's size, retrying while the engine has not attached the exec yet. */
        void resize(int cols, int rows);

        /** Whether its output ended (the shell exited, or its container stopped). */
        boolean hasEnded();

        /** The shell's exit code once it ended by itself, else null. */
        @org.jspecify.annotations.Nullable
        Integer exitCode();

        /** Closes its input and detaches from its output; the processes are {@link #killAll}'s. */
        void close();
    }

    /** Where a shell's output goes. Called on the engine's reading thread: it should not block for long. */
    interface ShellListener {

        void output(byte[] bytes);

        /** The output ended: the shell exited, the container stopped, or the engine connection broke. */
        void ended();
    }
}
