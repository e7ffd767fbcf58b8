package io.m300.harness.support.stack;

import io.m300.harness.support.config.HarnessConfig;
import io.m300.harness.support.report.Progress;
import io.m300.harness.support.target.ProcessRegistry;
import io.m300.harness.support.terraform.ProviderServer;
import io.m300.harness.support.terraform.Terraform;
import io.m300.harness.support.terraform.Workspace;
import java.nio.file.Path;

/**
 * One aws provider process for all of a stack's Terraform commands ({@link ProviderServer}),
 * started by the first command that needs a provider, where the configuration has a single aws
 * provider configuration; otherwise, or when it does not start, each command starts its own, as
 * Terraform does by default. {@code harness.shareProvider=false} turns it off.
 */
final class SharedProvider {

    private SharedProvider() {}

    static void attach(
            HarnessConfig config,
            Workspace workspace,
            Terraform terraform,
            ProcessRegistry registry,
            Progress progress) {
        if (!config.shareProvider()) {
            return;
        }
        Path data = workspace.root().resolve("tf-data");
        var binary = ProviderServer.installedBinary(data);
        if (binary.isEmpty() || !ProviderServer.soleConfiguration(workspace.infra(), data)) {
            progress.info("each Terraform command starts its own aws provider: "
                    + (binary.isEmpty()
                            ? "no single installed hashicorp/aws binary found"
                            : "the configuration has more than one aws provider configuration"));
            return;
        }
        Path log = workspace.root().resolve("provider.log");
        terraform.attachOnFirstUse(() -> {
            var server = ProviderServer.start(binary.get(), workspace.infra(), workspace.env(), log, registry);
            progress.info(server.map(p ->
                            "aws provider: one process (pid " + p.pid() + ") for every Terraform command of this run")
                    .orElse("each Terraform command starts its own aws provider: the shared one did not start (see "
                            + log + ")"));
            return server;
        });
    }

    /** Stops the shared provider process, if one was started (the commands after this start their own). */
    static void stop(Terraform terraform) {
        if (terraform != null) {
            terraform.detach().ifPresent(ProviderServer::close);
        }
    }
}
