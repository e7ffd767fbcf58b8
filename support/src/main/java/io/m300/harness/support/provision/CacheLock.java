package io.m300.harness.support.provision;

import io.m300.harness.support.HarnessException;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.function.Supplier;

/**
 * One fetch of a tool at a time: runs started together (mutation shards, parallel clones) on a
 * fresh machine wait for the first one's fetch instead of each fetching (and building a venv) into
 * the same folder. The lock file is removed again when the fetch failed, so a failure leaves nothing.
 */
final class CacheLock {

    private CacheLock() {}

    static synchronized <T> T holding(Path lockFile, Supplier<T> work) {
        boolean ok = false;
        try {
            Files.createDirectories(lockFile.getParent());
            try (FileChannel channel = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                    FileLock lock = channel.lock()) {
                T result = work.get();
                ok = true;
                return result;
            }
        } catch (IOException e) {
            throw new HarnessException("cannot write the tool cache " + lockFile.getParent() + " (" + e.getMessage()
                    + "): set harness.cacheDir to a writable folder");
        } finally {
            if (!ok) {
                deleteQuietly(lockFile);
                deleteQuietly(lockFile.getParent()); // only when empty: a fetch of another version may live there
            }
        }
    }

    static void deleteQuietly(Path path) {
        try {
            Files.deleteIfExists(path);
        } catch (IOException ignored) {
            // not empty, or already gone: nothing of this fetch is in it
        }
    }
}
