package dev.slipway.cli.tty;

import java.io.BufferedReader;
import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Optional;

/**
 * The process's controlling terminal, opened as {@code /dev/tty}: a question asked there reaches
 * the person even when stdin and stdout are pipes, and a process without one (cron, CI, a test)
 * is told so rather than waiting for an answer that never comes.
 */
public final class Tty {

    private Tty() {}

    /** @return whether the answer was yes; empty when the process has no controlling terminal */
    public static Optional<Boolean> confirm(String question) {
        try (FileInputStream input = new FileInputStream("/dev/tty");
                OutputStream output = new FileOutputStream("/dev/tty")) {
            output.write(("\n" + question + " [y/N] ").getBytes(StandardCharsets.UTF_8));
            output.flush();
            String answer = new BufferedReader(new InputStreamReader(input, StandardCharsets.UTF_8)).readLine();
            return Optional.of(
                    answer != null && answer.strip().toLowerCase(Locale.ROOT).startsWith("y"));
        } catch (IOException noTerminal) {
            return Optional.empty();
        }
    }
}
