package io.m300.harness.support.target;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A folder of files, one per process this harness started ({@code <pid>.pid} holding its command and
 * port). Processes whose JVM died without stopping them are found and stopped by the next run.
 */
public final class ProcessRegistry {

    private final Path dir;

    public ProcessRegistry(Path dir) {
        this.dir = dir;
    }

    public void record(long pid, String command, int port) {
        try {
            Files.createDirectories(dir);
            Files.writeString(
                    dir.resolve(pid + ".pid"),
                    command + " " + port + " " + ProcessHandle.current().pid() + "\n");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Marks a process as kept on purpose (harness.keep): no sweep stops it; the run that reuses or cleans it up does. */
    public void keep(long pid) {
        Path file = dir.resolve(pid + ".pid");
        try {
            if (Files.exists(file)) {
                String[] fields = Files.readString(file).trim().split(" ");
                Files.writeString(file, fields[0] + " " + fields[1] + " 0\n");
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public void forget(long pid) {
        try {
            Files.deleteIfExists(dir.resolve(pid + ".pid"));
        } catch (IOException ignored) {
            // a stale file is found and removed by the next sweep
        }
    }

    /**
     * Stops every recorded process whose owning JVM is gone, and forgets it. Returns what it stopped.
     */
    public List<String> sweepOrphans() {
        List<String> stopped = new ArrayList<>();
        if (!Files.isDirectory(dir)) {
            return stopped;
        }
        try (var files = Files.list(dir)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".pid")).toList()) {
                long pid = Long.parseLong(file.getFileName().toString().replace(".pid", ""));
                String[] fields = Files.readString(file).trim().split(" ");
                long owner = fields.length > 2 ? Long.parseLong(fields[2]) : -1;
                if (owner == 0
                        || ProcessHandle.of(owner).map(ProcessHandle::isAlive).orElse(false)) {
                    continue; // kept on purpose, or its run is still going: not ours to stop
                }
                Optional<ProcessHandle> handle = ProcessHandle.of(pid);
                if (handle.isPresent()
                        && handle.get().isAlive()
                        && handle.get()
                                .info()
                                .commandLine()
                                .map(c -> c.contains(fields[0]))
                                .orElse(true)) {
                    handle.get().descendants().forEach(ProcessHandle::destroyForcibly);
                    handle.get().destroyForcibly();
                    stopped.add(fields[0] + " (pid " + pid + ", port " + fields[1] + ")");
                }
                Files.deleteIfExists(file);
            }
        } catch (IOException | RuntimeException e) {
            // a sweep that cannot read its registry must not stop the run
        }
        stopped.addAll(sweepOrphanedPlugins());
        return stopped;
    }

    /**
     * Provider plugins of a Terraform that died with its JVM: Terraform starts them from the run's
     * TF_DATA_DIR (under the work directory), and when Terraform is killed they are left orphaned
     * (their parent gone, adopted by init). A plugin whose Terraform still runs is never touched.
     */
    private List<String> sweepOrphanedPlugins() {
        List<String> stopped = new ArrayList<>();
        String workDir = dir.toAbsolutePath().getParent().toString() + File.separator;
        ProcessHandle.allProcesses()
                .filter(p -> p.info()
                        .command()
                        .map(c -> c.contains("terraform-provider-"))
                        .orElse(false))
                .filter(p -> argv0(p).startsWith(workDir)) // started through the run's TF_DATA_DIR
                .filter(p -> p.parent().map(parent -> parent.pid() == 1).orElse(true))
                .forEach(p -> {
                    p.destroyForcibly();
                    stopped.add("orphaned Terraform provider plugin (pid " + p.pid() + ")");
                });
        return stopped;
    }

    /** The path a process was started as (Linux: the first field of /proc/<pid>/cmdline); "" if unknown. */
    private static String argv0(ProcessHandle p) {
        try {
            byte[] cmdline = Files.readAllBytes(Path.of("/proc", String.valueOf(p.pid()), "cmdline"));
            int end = 0;
            while (end < cmdline.length && cmdline[end] != 0) {
                end++;
            }
            return new String(cmdline, 0, end, StandardCharsets.UTF_8);
        } catch (IOException | RuntimeException e) {
            return "";
        }
    }
}
