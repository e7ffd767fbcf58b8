package io.m300.harness.support.terraform;

import io.m300.harness.support.target.ProcessRegistry;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitOption;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * One long-running hashicorp/aws provider process that every Terraform command of a stack attaches
 * to ({@code TF_REATTACH_PROVIDERS}, Terraform's documented way to use a provider started outside
 * it, the one terraform-plugin-testing uses). Without it, each command (plan, show, apply, the
 * lock check's plans) starts the 600 MB provider binary again and has it build its schema: 1.5-2 s
 * of CPU each, on a 2-core machine the larger part of a mutant's cost.
 *
 * <p>Only for a configuration with one aws provider configuration: a provider process holds one
 * configuration, so a stack with aliased providers (or a module with a provider block of its own)
 * keeps Terraform's own per-configuration processes ({@link #soleConfiguration}). Started with the
 * run's Terraform environment (endpoint, credentials, region), its output to a log file; recorded
 * in the process registry so that a run killed with it running has it stopped by the next.
 */
public final class ProviderServer implements AutoCloseable {

    private static final Pattern REATTACH = Pattern.compile("TF_REATTACH_PROVIDERS='(\\{.*\\})'");
    private static final Pattern PROVIDER_BLOCK = Pattern.compile("(?m)^\\s*provider\\s+\"aws\"\\s*\\{");
    private static final Pattern ALIAS = Pattern.compile("(?m)^\\s*(alias|configuration_aliases)\\s*=");

    /** The log levels of the provider and of each plugin SDK layer (terraform-plugin-log reads these). */
    static final List<String> LOG_LEVELS = List.of(
            "TF_LOG",
            "TF_LOG_PROVIDER",
            "TF_LOG_SDK",
            "TF_LOG_SDK_PROTO",
            "TF_LOG_SDK_MUX",
            "TF_LOG_SDK_HELPER_SCHEMA",
            "TF_LOG_SDK_HELPER_RESOURCE",
            "TF_LOG_SDK_FRAMEWORK",
            "TF_LOG_PROVIDER_AWS");

    private final Process process;
    private final String reattach;
    private final ProcessRegistry registry;

    private ProviderServer(Process process, String reattach, ProcessRegistry registry) {
        this.process = process;
        this.reattach = reattach;
        this.registry = registry;
    }

    /**
     * The provider binary {@code terraform init} installed into the data directory (a copy or a
     * link from the plugin mirror), if there is exactly one version of hashicorp/aws there.
     */
    public static Optional<Path> installedBinary(Path dataDir) {
        Path root = dataDir.resolve("providers")
                .resolve("registry.terraform.io")
                .resolve("hashicorp")
                .resolve("aws");
        if (!Files.isDirectory(root)) {
            return Optional.empty();
        }
        try (Stream<Path> files = Files.walk(root, 3, FileVisitOption.FOLLOW_LINKS)) { // init links a mirror's folder
            List<Path> found = files.filter(f -> f.getFileName().toString().startsWith("terraform-provider-aws")
                            && Files.isRegularFile(f)
                            && Files.isExecutable(f))
                    .toList();
            return found.size() == 1 ? Optional.of(found.get(0)) : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /**
     * True when the configuration under {@code infra} (and the modules init fetched into
     * {@code dataDir}) has at most one {@code provider "aws"} block outside override files, and no
     * alias anywhere: then every aws resource uses the one configuration a shared process holds.
     * Errs on the safe side: a file it cannot read, an alias in any block, two blocks: false.
     */
    public static boolean soleConfiguration(Path infra, Path dataDir) {
        int blocks = 0;
        for (Path dir : List.of(infra, dataDir.resolve("modules"))) {
            if (!Files.isDirectory(dir)) {
                continue;
            }
            try (Stream<Path> files = Files.walk(dir)) {
                for (Path f : files.filter(p ->
                                p.toString().endsWith(".tf") || p.toString().endsWith(".tf.json"))
                        .toList()) {
                    String text = Files.readString(f);
                    if (f.toString().endsWith(".tf.json") && text.contains("\"provider\"")) {
                        return false; // JSON syntax: not read here, so not trusted
                    }
                    if (ALIAS.matcher(text).find()) {
                        return false;
                    }
                    if (!f.getFileName().toString().endsWith("_override.tf")
                            && !f.getFileName().toString().equals("override.tf")) {
                        Matcher m = PROVIDER_BLOCK.matcher(text);
                        while (m.find()) {
                            blocks++;
                        }
                    }
                }
            } catch (IOException | RuntimeException e) {
                return false;
            }
        }
        return blocks <= 1;
    }

    /**
     * Starts {@code binary -debug} in {@code dir} (Terraform's working directory) with {@code env} and waits (at most a minute) for the line that
     * says how to attach. Empty when it does not come: the commands then start their own provider.
     */
    public static Optional<ProviderServer> start(
            Path binary, Path dir, Map<String, String> env, Path log, ProcessRegistry registry) {
        // in the directory Terraform runs in, as Terraform starts its providers: the configuration's relative
        // paths (a Lambda's filename = "./build/x.zip") are read by the provider
        ProcessBuilder pb = new ProcessBuilder(binary.toString(), "-debug")
                .directory(dir.toFile())
                .redirectErrorStream(true);
        pb.environment().putAll(env);
        // Started with -debug, the provider logs every request and response at TRACE level unless told
        // otherwise: megabytes per command, and secrets in plain text. Every log it has is turned off.
        for (String var : LOG_LEVELS) {
            pb.environment().put(var, "off");
        }
        // The provider applies AWS_CA_BUNDLE when it is configured, and refuses a second configuration in
        // the same process ("unable to add custom RootCAs HTTPClient"): every command configures it once.
        // The bundle is given as the process's trusted roots instead (Go reads SSL_CERT_FILE).
        String bundle = pb.environment().remove("AWS_CA_BUNDLE");
        if (bundle != null && !bundle.isBlank()) {
            pb.environment().put("SSL_CERT_FILE", bundle);
        }
        Process process;
        try {
            process = pb.start();
        } catch (IOException e) {
            return Optional.empty();
        }
        registry.record(process.pid(), "terraform-provider-aws", 0);
        PrintWriter out;
        try {
            out = new PrintWriter(Files.newBufferedWriter(log, StandardCharsets.UTF_8));
        } catch (IOException e) {
            new ProviderServer(process, null, registry).close(); // its log cannot be written: not started
            return Optional.empty();
        }
        CompletableFuture<String> attach = new CompletableFuture<>();
        StreamDrain.start(
                process.getInputStream(),
                "m300-provider-output",
                line -> {
                    Matcher m = REATTACH.matcher(line);
                    if (m.find()) {
                        attach.complete(m.group(1));
                    }
                    out.println(line);
                    out.flush();
                },
                () -> {
                    out.close();
                    attach.complete(null); // ended without saying where to attach: nothing to attach to then
                });
        String reattach;
        try {
            reattach = attach.get(60, TimeUnit.SECONDS);
        } catch (Exception e) {
            reattach = null;
        }
        ProviderServer server = new ProviderServer(process, reattach, registry);
        if (reattach == null || !process.isAlive()) {
            server.close();
            return Optional.empty();
        }
        return Optional.of(server);
    }

    /** The value of {@code TF_REATTACH_PROVIDERS}; empty once the process is gone (commands then start their own). */
    public Optional<String> reattach() {
        return process.isAlive() ? Optional.of(reattach) : Optional.empty();
    }

    public long pid() {
        return process.pid();
    }

    @Override
    public void close() {
        if (process.isAlive()) {
            process.destroy();
            try {
                if (!process.waitFor(10, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                }
            } catch (InterruptedException e) {
                process.destroyForcibly();
                Thread.currentThread().interrupt();
            }
        }
        registry.forget(process.pid());
    }
}
