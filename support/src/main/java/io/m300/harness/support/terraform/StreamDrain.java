package io.m300.harness.support.terraform;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;

/**
 * Reads one output stream of a child process (Terraform, the provider) line by line to its end, on
 * a daemon thread of its own. Why a thread and not the run's executor: a process whose pipe nobody
 * empties stops once the pipe's buffer is full, so its reader must start with the process and run
 * exactly as long as it does, whatever else the run is doing; a pooled thread would be held as long
 * (the provider's reader lives for the whole run), and one queued behind other work could let the
 * process block. This is the only place in the terraform package that makes a thread.
 */
final class StreamDrain {

    private StreamDrain() {}

    /** Starts reading {@code in}; {@code onLine} gets each line, {@code atEnd} runs once the stream ends or fails. */
    static Thread start(InputStream in, String name, Consumer<String> onLine, Runnable atEnd) {
        Thread t = new Thread(
                () -> {
                    try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
                        String line;
                        while ((line = r.readLine()) != null) {
                            onLine.accept(line);
                        }
                    } catch (IOException ignored) {
                        // the process ended
                    } finally {
                        atEnd.run();
                    }
                },
                name);
        t.setDaemon(true);
        t.start();
        return t;
    }
}
