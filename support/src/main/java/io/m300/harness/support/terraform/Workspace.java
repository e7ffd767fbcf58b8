package io.m300.harness.support.terraform;

import io.m300.harness.support.HarnessException;
import io.m300.harness.support.config.HarnessConfig;
import io.m300.harness.support.target.TargetEnvironment;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * One run's private copy of {@code infra/} under {@code target/harness/<run id>/}, with what the
 * target injects: a provider override file (Terraform's own {@code *_override.tf} mechanism, so
 * the infra code never names an emulator), the backend configuration, a CLI configuration for the
 * offline plugin mirror, its own {@code TF_DATA_DIR}, the Lambda zip, and the run id as the name
 * prefix. Two runs never share any of it.
 */
public final class Workspace {

    public static final String OVERRIDE_FILE = "harness_override.tf";
    private static final Set<String> SKIPPED =
            Set.of(".terraform", "build", ".terraform.lock.hcl", "terraform.tfstate", "terraform.tfstate.backup");

    private final Path root;
    private final Path infra;
    private final Path backendConfig;
    private final Map<String, String> env;
    /** An earlier init of this workspace is still valid: same backend configuration, providers and lock file kept. */
    private final boolean initialised;

    private Workspace(Path root, Path infra, Path backendConfig, Map<String, String> env, boolean initialised) {
        this.root = root;
        this.infra = infra;
        this.backendConfig = backendConfig;
        this.env = Map.copyOf(env);
        this.initialised = initialised;
    }

    /** The remote state of a run: where it lives and under which key. */
    public record Backend(String bucket, String key) {}

    /** The values the stack's variables get from the harness. */
    public record Inputs(String passwordParameterName, String certificatePem, String privateKeyPem) {}

    public static Workspace prepare(HarnessConfig config, TargetEnvironment target, Backend backend, Inputs inputs) {
        Path root = config.workDir().resolve(config.runId());
        Path infra = root.resolve("infra");
        try {
            Files.createDirectories(root);
            // the dependency lock file an earlier init wrote into the copy (kept across a re-copy of the same run)
            Path lockFile = infra.resolve(".terraform.lock.hcl");
            byte[] keptLock = Files.isRegularFile(lockFile) ? Files.readAllBytes(lockFile) : null;
            if (Files.exists(infra)) {
                deleteTree(infra);
            }
            copyTree(config.infraDir(), infra);
            if (keptLock != null) {
                Files.write(lockFile, keptLock);
            }
            Files.writeString(infra.resolve(OVERRIDE_FILE), providerOverride(target));
            Path backendConfig = root.resolve("backend.hcl");
            String backendText = backendConfig(target, backend, config.stateRegion());
            boolean sameBackend = Files.isRegularFile(backendConfig)
                    && Files.readString(backendConfig).equals(backendText);
            Files.writeString(backendConfig, backendText);
            Path data = root.resolve("tf-data");
            boolean initialised = sameBackend
                    && keptLock != null
                    && Files.isRegularFile(data.resolve("terraform.tfstate"))
                    && Files.isDirectory(data.resolve("providers"));
            Path cliConfig = root.resolve("terraform.rc");
            Files.writeString(cliConfig, cliConfig(config));
            buildLambdaZip(infra.resolve("lambda"), infra.resolve("build").resolve("snapshot.zip"));

            Map<String, String> env = new HashMap<>(target.terraformEnv());
            env.put("TF_CLI_CONFIG_FILE", cliConfig.toString());
            env.put("TF_DATA_DIR", root.resolve("tf-data").toString());
            env.put("CHECKPOINT_DISABLE", "1");
            env.put("TF_IN_AUTOMATION", "1");
            env.put("TF_INPUT", "0");
            env.put("TF_VAR_name_prefix", config.runId());
            env.put("TF_VAR_db_password_parameter_name", inputs.passwordParameterName());
            env.put("TF_VAR_certificate_body", inputs.certificatePem());
            env.put("TF_VAR_certificate_private_key", inputs.privateKeyPem());
            return new Workspace(root, infra, backendConfig, env, initialised);
        } catch (IOException e) {
            throw new HarnessException("could not prepare the run's workspace in " + root + ": " + e.getMessage());
        }
    }

    /** Removes what an earlier run with the same run id left in the work directory (a new run starts clean). */
    public static void discard(HarnessConfig config) {
        Path root = config.workDir().resolve(config.runId());
        if (Files.exists(root)) {
            deleteTree(root);
        }
    }

    /**
     * True when this run's workspace was initialised before (a kept stack reused) and nothing init
     * depends on changed since: the same backend configuration, the providers and the dependency
     * lock file still there. Whoever skips init on it also knows the infra directory is unchanged.
     */
    public boolean initialised() {
        return initialised;
    }

    public Path root() {
        return root;
    }

    /** The run's copy of infra/, where Terraform runs. */
    public Path infra() {
        return infra;
    }

    public Path backendConfig() {
        return backendConfig;
    }

    public Map<String, String> env() {
        return env;
    }

    static String providerOverride(TargetEnvironment target) {
        StringBuilder b = new StringBuilder(
                "# Written by the harness for target '" + target.name() + "'. Not part of the stack.\n");
        b.append("provider \"aws\" {\n");
        b.append("  region = \"").append(target.region()).append("\"\n");
        if (target.isEmulator()) {
            // The endpoint itself comes from AWS_ENDPOINT_URL, which the provider and the SDK both honour.
            // Target aws at an endpoint (the nightly rehearsal) validates its credentials as on AWS: the
            // provider then learns the account from sts:GetCallerIdentity, not by trying iam:GetUser.
            if (!rehearsal(target)) {
                b.append("  skip_credentials_validation = true\n");
            }
            b.append("  skip_metadata_api_check     = true\n");
            b.append("  s3_use_path_style           = true\n");
        }
        b.append("}\n");
        return b.toString();
    }

    static String backendConfig(TargetEnvironment target, Backend backend) {
        return backendConfig(target, backend, target.region());
    }

    /** The backend configuration; {@code stateRegion} is the state bucket's region (harness.stateRegion), not always the run's. */
    static String backendConfig(TargetEnvironment target, Backend backend, String stateRegion) {
        StringBuilder b = new StringBuilder();
        b.append("bucket       = \"").append(backend.bucket()).append("\"\n");
        b.append("key          = \"").append(backend.key()).append("\"\n");
        b.append("region       = \"").append(stateRegion).append("\"\n");
        b.append("encrypt      = true\n");
        // no use_lockfile here: locking is set in the stack's backend block (infra/versions.tf), so
        // that a stack without it is caught by STATE-03 instead of being locked by the harness.
        target.endpoint().ifPresent(endpoint -> {
            b.append("use_path_style              = true\n");
            if (!rehearsal(target)) {
                b.append("skip_credentials_validation = true\n");
            }
            b.append("skip_metadata_api_check     = true\n");
            b.append("endpoints = { s3 = \"")
                    .append(endpoint)
                    .append(rehearsal(target) ? "\", sts = \"" + endpoint : "")
                    .append("\" }\n");
        });
        return b.toString();
    }

    /** Target aws pointed at an emulator by AWS_ENDPOINT_URL: configured as on AWS wherever the emulator allows. */
    private static boolean rehearsal(TargetEnvironment target) {
        return target.name().equals("aws") && target.isEmulator();
    }

    static String cliConfig(HarnessConfig config) {
        if (config.pluginMirror().isEmpty()) {
            return "# no plugin mirror configured: providers come from the registry\n";
        }
        String mirror = config.pluginMirror().get().toAbsolutePath().toString().replace("\\", "/");
        return "provider_installation {\n"
                + "  filesystem_mirror {\n"
                + "    path    = \"" + mirror + "\"\n"
                + "    include = [\"registry.terraform.io/hashicorp/*\"]\n"
                + "  }\n"
                + "  direct {\n"
                + "    exclude = [\"registry.terraform.io/hashicorp/*\"]\n"
                + "  }\n"
                + "}\n";
    }

    /** Zips the function's sources with fixed timestamps, so the same code gives the same zip (and hash). */
    static void buildLambdaZip(Path sources, Path zip) throws IOException {
        if (!Files.isDirectory(sources)) {
            return;
        }
        Files.createDirectories(zip.getParent());
        try (OutputStream out = Files.newOutputStream(zip);
                ZipOutputStream z = new ZipOutputStream(out);
                var files = Files.list(sources)) {
            for (Path file : files.filter(Files::isRegularFile).sorted().toList()) {
                ZipEntry entry = new ZipEntry(file.getFileName().toString());
                entry.setLastModifiedTime(FileTime.fromMillis(315532800000L)); // 1980-01-01, zip's epoch
                z.putNextEntry(entry);
                Files.copy(file, z);
                z.closeEntry();
            }
        }
    }

    private static void copyTree(Path from, Path to) throws IOException {
        Files.walkFileTree(from, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) throws IOException {
                if (!dir.equals(from)
                        && (SKIPPED.contains(dir.getFileName().toString())
                                || dir.getFileName().toString().equals("mutants"))) {
                    return FileVisitResult.SKIP_SUBTREE;
                }
                Files.createDirectories(to.resolve(from.relativize(dir).toString()));
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                if (!SKIPPED.contains(file.getFileName().toString())) {
                    Files.copy(file, to.resolve(from.relativize(file).toString()), StandardCopyOption.REPLACE_EXISTING);
                }
                return FileVisitResult.CONTINUE;
            }
        });
    }

    static void deleteTree(Path dir) {
        try (var paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
