package io.m300.harness.support.target;

import io.m300.harness.support.HarnessException;
import io.m300.harness.support.config.HarnessConfig;
import io.m300.harness.support.report.Progress;
import io.m300.harness.support.stack.KeptStack;
import java.nio.file.Path;

/** Turns the configured target name into a {@link Target}; {@code auto} chooses and says why. */
public final class Targets {

    private Targets() {}

    public static Target create(HarnessConfig config, ProcessRegistry registry, Progress progress) {
        String name = config.target();
        if (name.equals("auto")) {
            name = choose(progress);
        }
        if (config.enforceRolePolicy().isPresent()) {
            if (!name.equals("moto")) {
                throw new HarnessException(
                        "harness.enforceRolePolicy needs moto (its IAM enforcement and request recorder), "
                                + "but the target is " + name + ": set -Dharness.target=moto");
            }
            return new MotoTarget(config.region(), registry, proofLog(config))
                    .provisionedFrom(config.provisioning(), progress)
                    .forPolicyProof();
        }
        return switch (name) {
            case "moto" ->
                new MotoTarget(
                                config.region(),
                                registry,
                                config.workDir().resolve(config.runId()).resolve("moto.log"))
                        .provisionedFrom(config.provisioning(), progress);
            case "localstack" -> new LocalStackTarget(config.localstackImage(), config.region());
            case "endpoint" -> new EndpointTarget(config.endpoint().orElseThrow(), config.region());
            case "aws" -> new AwsTarget(config.region(), config.awsAccount());
            default -> throw new HarnessException("unknown target '" + name + "'");
        };
    }

    /**
     * moto's log in a role policy proof: beside the run's workspace, not in it (preparing the
     * workspace empties that folder, and the proof reads moto's access log at the end).
     */
    public static Path proofLog(HarnessConfig config) {
        return config.workDir().resolve(config.runId() + "-moto.log");
    }

    /** The target of a stack an earlier run kept, reattached without starting anything new. */
    public static Target reattach(HarnessConfig config, KeptStack kept, ProcessRegistry registry) {
        return switch (kept.target()) {
            case "moto" ->
                kept.emulatorPid() > 0
                        ? MotoTarget.attach(
                                kept.region(), registry, kept.endpointUri().orElseThrow(), kept.emulatorPid())
                        : new EndpointTarget(kept.endpointUri().orElseThrow(), kept.region());
            case "endpoint" -> new EndpointTarget(kept.endpointUri().orElseThrow(), kept.region());
            case "aws" -> new AwsTarget(kept.region(), config.awsAccount());
            default ->
                throw new HarnessException(
                        "a kept " + kept.target() + " stack cannot be reused: its container ends with "
                                + "the JVM that started it; run without harness.reuse");
        };
    }

    private static String choose(Progress progress) {
        boolean token = LocalStackTarget.authToken().isPresent();
        if (token && LocalStackTarget.dockerAvailable()) {
            progress.info("target auto -> localstack (a Docker engine and LOCALSTACK_AUTH_TOKEN are present)");
            return "localstack";
        }
        String why =
                token ? "LOCALSTACK_AUTH_TOKEN is set but no Docker engine answers" : "no LOCALSTACK_AUTH_TOKEN is set";
        progress.info("target auto -> moto (" + why + ")");
        return "moto";
    }
}
