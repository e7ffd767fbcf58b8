package io.m300.harness.support.config;

import io.m300.harness.support.HarnessException;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;

/**
 * Everything a run is configured with, read once from system properties ({@code -Dharness.x=...})
 * and environment variables ({@code HARNESS_X}), validated, immutable. Every bad value fails here,
 * with one line that names the option, the value and what would be accepted.
 */
public record HarnessConfig(
        String target,
        String region,
        Path infraDir,
        String runId,
        boolean keep,
        boolean reuse,
        Optional<URI> endpoint,
        String terraformBinary,
        Optional<Path> pluginMirror,
        Optional<String> stateBucket,
        Path workDir,
        Duration phaseTimeout,
        String localstackImage,
        Optional<Path> enforceRolePolicy,
        Optional<String> awsAccount,
        Provisioning provisioning,
        boolean shareProvider,
        String stateRegion) {

    public static final Set<String> TARGETS = Set.of("auto", "moto", "localstack", "endpoint", "aws");

    /** The token-gated LocalStack image, pinned to a calendar version (the last tokenless one, 4.14.0, lacks RDS, ECS, ELBv2). */
    public static final String DEFAULT_LOCALSTACK_IMAGE = "localstack/localstack-pro:2026.3.0";

    /** The options a user may set, by their system property name. */
    public static final Map<String, String> OPTIONS = options();

    private static final Path[] MIRROR_CANDIDATES = {
        Path.of("/opt/tf-plugins"),
        Path.of(System.getProperty("user.home"), ".terraform.d", "plugins"),
        Path.of("/usr/share/terraform/plugins"),
    };

    private static Map<String, String> options() {
        Map<String, String> o = new LinkedHashMap<>();
        o.put("harness.target", "where to deploy: auto (default), moto, localstack, endpoint, aws");
        o.put("harness.region", "AWS region (default eu-central-1)");
        o.put("harness.infra", "the Terraform directory under test (default: the project's infra/)");
        o.put("harness.runId", "name prefix and tag of this run's resources (default: m300-<random>)");
        o.put("harness.keep", "true: leave the stack deployed after the run");
        o.put(
                "harness.selfTest",
                "true: the build also runs the harness's own tests (CI does); a local run leaves them out and says so");
        o.put("harness.reuse", "true: verify a stack kept by an earlier run");
        o.put(
                "harness.shareProvider",
                "false: every Terraform command starts its own aws provider (default: one shared "
                        + "provider process per run where the stack has one aws provider configuration)");
        o.put("harness.endpoint", "URL of a running emulator (target endpoint)");
        o.put(
                "harness.terraform",
                "the Terraform binary (default: terraform on PATH, else Terraform " + Provisioning.TERRAFORM_VERSION
                        + " fetched into harness.cacheDir)");
        o.put(
                "harness.terraformVersion",
                "the Terraform release fetched when none is on PATH (default " + Provisioning.TERRAFORM_VERSION + ")");
        o.put(
                "harness.terraformReleases",
                "where Terraform releases are fetched from (default https://releases.hashicorp.com/terraform/<version>/)");
        o.put("harness.cacheDir", "where fetched tools are kept (default ${XDG_CACHE_HOME:-~/.cache}/m300-harness)");
        o.put("harness.pluginMirror", "offline provider mirror (also TF_PLUGIN_MIRROR); 'none': the registry only");
        o.put("harness.stateBucket", "S3 bucket for Terraform state (required on target aws)");
        o.put(
                "harness.stateRegion",
                "the region of harness.stateBucket (default: harness.region; a leg in a second region keeps one bucket)");
        o.put("harness.workDir", "where run workspaces live (default target/harness)");
        o.put("harness.phaseTimeout", "upper bound of one phase, e.g. 20m (default 20m)");
        o.put(
                "harness.localstackImage",
                "LocalStack image (default " + DEFAULT_LOCALSTACK_IMAGE + ", needs LOCALSTACK_AUTH_TOKEN)");
        o.put(
                "harness.awsAccount",
                "the 12-digit AWS account the run may touch (required on target aws; checked before anything else)");
        o.put(
                "harness.enforceRolePolicy",
                "moto only: run Terraform and the checks as an IAM user holding this policy "
                        + "(e.g. the folder .github/nightly-role), with moto's IAM enforcement on; record and check every call");
        return Map.copyOf(o);
    }

    /** Reads the configuration of this JVM: system properties first, then the environment. */
    public static HarnessConfig fromSystem() {
        return from(System.getProperties(), System.getenv(), Path.of(System.getProperty("user.dir")));
    }

    public static HarnessConfig from(Properties props, Map<String, String> env, Path cwd) {
        Source s = new Source(props, env);
        s.rejectUnknown();

        String target = s.get("harness.target").orElse("auto").toLowerCase(Locale.ROOT);
        if (!TARGETS.contains(target)) {
            throw new HarnessException("unknown target '" + target + "' (harness.target): use one of "
                    + String.join(", ", new TreeSet<>(TARGETS)));
        }
        String region = s.get("harness.region").orElse("eu-central-1");
        if (!region.matches("[a-z]{2}(-[a-z]+)+-\\d")) {
            throw new HarnessException(
                    "invalid region '" + region + "' (harness.region): expected a name like eu-central-1");
        }
        Path infra = s.get("harness.infra").map(p -> cwd.resolve(p).normalize()).orElseGet(() -> findInfra(cwd));
        if (!Files.isRegularFile(infra.resolve("versions.tf")) && !hasTf(infra)) {
            throw new HarnessException("infra directory " + infra + " holds no Terraform (*.tf) files: "
                    + "set harness.infra to the directory of the stack under test");
        }
        Optional<Path> enforce = s.get("harness.enforceRolePolicy").map(p -> resolveAgainstProject(cwd, p));
        // The nightly role scopes names to m300n*: a proof run is named like a nightly run.
        String runId = s.get("harness.runId")
                .orElseGet(() -> enforce.isPresent() ? newRunId().replace("m300-", "m300n") : newRunId());
        if (!RunIds.valid(runId)) {
            throw new HarnessException("invalid run id '" + runId + "' (harness.runId): " + RunIds.RULE);
        }
        boolean reuse = s.bool("harness.reuse");
        boolean shareProvider = s.get("harness.shareProvider").isEmpty() || s.bool("harness.shareProvider");
        s.bool("harness.selfTest"); // read by the build (pom.xml profile stack-only); validated here like every option
        // Reusing a kept stack keeps it again unless told otherwise: that is the fast loop while writing a step.
        boolean keep = s.get("harness.keep").isPresent() ? s.bool("harness.keep") : reuse;
        Optional<URI> endpoint = s.get("harness.endpoint").map(HarnessConfig::uri);
        if (target.equals("endpoint") && endpoint.isEmpty()) {
            throw new HarnessException("target 'endpoint' needs harness.endpoint, the URL of a running emulator "
                    + "(e.g. -Dharness.endpoint=http://127.0.0.1:5000)");
        }
        String terraform = s.get("harness.terraform").orElse("terraform");
        Optional<String> mirrorSetting = s.get("harness.pluginMirror")
                .or(() -> Optional.ofNullable(env.get("TF_PLUGIN_MIRROR")).filter(v -> !v.isBlank()));
        boolean registryOnly = mirrorSetting.filter(v -> v.equals("none")).isPresent();
        Optional<Path> mirror = mirrorSetting.filter(v -> !registryOnly).map(Path::of);
        if (mirror.isPresent() && !Files.isDirectory(mirror.get())) {
            throw new HarnessException("plugin mirror " + mirror.get() + " is not a directory (harness.pluginMirror / "
                    + "TF_PLUGIN_MIRROR): point it at the folder that holds registry.terraform.io/");
        }
        if (mirror.isEmpty() && !registryOnly) {
            mirror = detectMirror();
        }
        Optional<String> bucket = s.get("harness.stateBucket");
        String stateRegion = s.get("harness.stateRegion").orElse(region);
        if (!stateRegion.matches("[a-z]{2}(-[a-z]+)+-\\d")) {
            throw new HarnessException(
                    "invalid region '" + stateRegion + "' (harness.stateRegion): expected a name like eu-central-1");
        }
        if (target.equals("aws") && bucket.isEmpty()) {
            throw new HarnessException("target 'aws' needs harness.stateBucket, an existing versioned and encrypted "
                    + "S3 bucket for Terraform state (see README, 'Nightly in a sandbox account')");
        }
        Path workDir = s.get("harness.workDir")
                .map(p -> cwd.resolve(p))
                .orElse(cwd.resolve("target").resolve("harness"));
        Duration timeout =
                s.get("harness.phaseTimeout").map(HarnessConfig::duration).orElse(Duration.ofMinutes(20));
        String image = s.get("harness.localstackImage").orElse(DEFAULT_LOCALSTACK_IMAGE);
        Optional<String> account = s.get("harness.awsAccount").map(String::trim);
        if (account.isPresent() && !account.get().matches("\\d{12}")) {
            throw new HarnessException("invalid account '" + account.get()
                    + "' (harness.awsAccount): expected the 12 digits of an AWS account id");
        }
        if (target.equals("aws") && account.isEmpty()) {
            throw new HarnessException(
                    "target 'aws' needs harness.awsAccount, the 12-digit id of the sandbox account: the run "
                            + "refuses to touch any other account (see docs/nightly.md)");
        }
        if (enforce.isPresent()) {
            if (!Files.isRegularFile(enforce.get()) && !Files.isDirectory(enforce.get())) {
                throw new HarnessException("policy " + enforce.get() + " does not exist (harness.enforceRolePolicy): "
                        + "give an IAM policy document or a folder of them, e.g. .github/nightly-role");
            }
            if (!target.equals("moto") && !target.equals("auto")) {
                throw new HarnessException(
                        "harness.enforceRolePolicy works on target moto only (its IAM enforcement and "
                                + "request recorder), not on '" + target + "'");
            }
            if (keep || reuse) {
                throw new HarnessException("harness.enforceRolePolicy proves one whole run (deploy, checks, teardown): "
                        + "it cannot be combined with harness.keep or harness.reuse");
            }
        }
        Provisioning provisioning = Provisioning.from(
                s.get("harness.cacheDir"),
                s.get("harness.terraformVersion"),
                s.get("harness.terraformReleases"),
                env,
                cwd);
        return new HarnessConfig(
                target,
                region,
                infra,
                runId,
                keep,
                reuse,
                endpoint,
                terraform,
                mirror,
                bucket,
                workDir.normalize(),
                timeout,
                image,
                enforce,
                account,
                provisioning,
                shareProvider,
                stateRegion);
    }

    /** The same configuration for another run id (a kept stack's, when reusing it). */
    public HarnessConfig withRunId(String id) {
        return copy(id, keep, reuse, stateBucket);
    }

    /** The same configuration with other stage flags (keep the stack after the run; reuse a kept one). */
    public HarnessConfig withStages(boolean keepStack, boolean reuseStack) {
        return copy(runId, keepStack, reuseStack, stateBucket);
    }

    /** The same configuration with a state bucket that exists before the run (as in a real account). */
    public HarnessConfig withStateBucket(String bucket) {
        return copy(runId, keep, reuse, Optional.of(bucket));
    }

    /** This configuration with the parts the withers change. */
    private HarnessConfig copy(String id, boolean keepStack, boolean reuseStack, Optional<String> bucket) {
        return new HarnessConfig(
                target,
                region,
                infraDir,
                id,
                keepStack,
                reuseStack,
                endpoint,
                terraformBinary,
                pluginMirror,
                bucket,
                workDir,
                phaseTimeout,
                localstackImage,
                enforceRolePolicy,
                awsAccount,
                provisioning,
                shareProvider,
                stateRegion);
    }

    /**
     * A relative path is taken from the working directory, else from the project root above it
     * ({@code -pl features} runs in features/, while paths like .github/... name the project's files).
     */
    private static Path resolveAgainstProject(Path cwd, String value) {
        Path direct = cwd.resolve(value).normalize();
        if (Files.exists(direct) || Path.of(value).isAbsolute()) {
            return direct;
        }
        for (Path dir = cwd.toAbsolutePath().getParent(); dir != null; dir = dir.getParent()) {
            if (Files.exists(dir.resolve(value))) {
                return dir.resolve(value).normalize();
            }
        }
        return direct;
    }

    public static String newRunId() {
        String alphabet = "abcdefghijklmnopqrstuvwxyz0123456789";
        SecureRandom random = new SecureRandom();
        StringBuilder b = new StringBuilder("m300-");
        for (int i = 0; i < 6; i++) {
            b.append(alphabet.charAt(random.nextInt(alphabet.length())));
        }
        return b.toString();
    }

    private static boolean hasTf(Path dir) {
        if (!Files.isDirectory(dir)) {
            return false;
        }
        try (var files = Files.list(dir)) {
            return files.anyMatch(f -> f.getFileName().toString().endsWith(".tf"));
        } catch (IOException e) {
            return false;
        }
    }

    private static Path findInfra(Path cwd) {
        for (Path dir = cwd.toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve("infra").resolve("versions.tf"))) {
                return dir.resolve("infra");
            }
        }
        throw new HarnessException(
                "no infra/ directory found above " + cwd + ": run from the project, or set harness.infra");
    }

    private static Optional<Path> detectMirror() {
        for (Path candidate : MIRROR_CANDIDATES) {
            if (Files.isDirectory(candidate.resolve("registry.terraform.io"))) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }

    private static URI uri(String value) {
        try {
            URI uri = URI.create(value);
            if (uri.getScheme() == null || !uri.getScheme().startsWith("http") || uri.getHost() == null) {
                throw new IllegalArgumentException();
            }
            return uri;
        } catch (IllegalArgumentException e) {
            throw new HarnessException(
                    "invalid endpoint '" + value + "' (harness.endpoint): expected a URL like http://127.0.0.1:5000");
        }
    }

    static Duration duration(String value) {
        return Durations.parse(value)
                .orElseThrow(() -> new HarnessException(
                        "invalid duration '" + value + "' (harness.phaseTimeout): expected " + Durations.EXAMPLES));
    }

    /** Reads an option from a system property or its environment variable (harness.runId -> HARNESS_RUN_ID). */
    private record Source(Properties props, Map<String, String> env) {

        Optional<String> get(String key) {
            String v = props.getProperty(key);
            if (v == null) {
                v = env.get(envName(key));
            }
            return Optional.ofNullable(v).map(String::trim).filter(x -> !x.isEmpty());
        }

        boolean bool(String key) {
            String v = get(key).orElse("false").toLowerCase(Locale.ROOT);
            if (!v.equals("true") && !v.equals("false")) {
                throw new HarnessException("invalid value '" + v + "' for " + key + ": use true or false");
            }
            return Boolean.parseBoolean(v);
        }

        void rejectUnknown() {
            for (String key : props.stringPropertyNames()) {
                if (key.startsWith("harness.") && !OPTIONS.containsKey(key)) {
                    throw new HarnessException("unknown option " + key + ": known options are "
                            + String.join(", ", new TreeSet<>(OPTIONS.keySet())));
                }
            }
        }

        static String envName(String key) {
            return key.replaceAll("([a-z])([A-Z])", "$1_$2").replace('.', '_').toUpperCase(Locale.ROOT);
        }
    }
}
