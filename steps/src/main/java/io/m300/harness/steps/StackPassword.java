package io.m300.harness.steps;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.m300.harness.support.aws.SsmReader;
import io.m300.harness.support.ecs.ContainerSecrets;
import io.m300.harness.support.secrets.PasswordPath;
import io.m300.harness.support.secrets.TerraformLocals;
import io.m300.harness.support.stack.Secret;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import software.amazon.awssdk.services.ecs.model.ContainerDefinition;
import software.amazon.awssdk.services.ecs.model.TaskDefinition;

/**
 * Where the stack's database password lives, as the stack itself shows it (SEC-02, SEC-04, SEC-05),
 * read once per scenario: each database's source in the stack's configuration ({@link PasswordPath}),
 * the parameters those sources name as SSM knows them, and the container secrets that deliver it
 * (naming one of those parameters, or holding the same value). The parameter the harness made counts
 * only where the stack is shown to read it. Injected by picocontainer.
 */
public final class StackPassword {

    /** A container secret from Parameter Store: where it comes from and whether it is the database's password. */
    public record ContainerSecret(
            String container, String secret, String valueFrom, String parameter, boolean delivers) {}

    private final StackContext ctx;
    private final EcsView ecs;
    private List<PasswordPath.Source> databases;
    private Map<String, String> parameters;
    private List<String> problems;
    private List<ContainerSecret> containerSecrets;

    public StackPassword(StackContext ctx, EcsView ecs) {
        this.ctx = ctx;
        this.ecs = ecs;
    }

    /** Every database of the configuration and where its password comes from. */
    public List<PasswordPath.Source> databases() {
        if (databases == null) {
            JsonNode plan = ctx.plan(); // the plan of the stack as deployed now
            databases = PasswordPath.of(plan, this::moduleFiles);
        }
        return databases;
    }

    /** The parameters the databases are set from, by name, each with who takes it ("the password of aws_db_instance.this (...)"). */
    public Map<String, String> databaseParameters() {
        resolve();
        return parameters;
    }

    /** Each database whose password does not come from an existing parameter, in one line. */
    public List<String> problems() {
        resolve();
        return problems;
    }

    /** The values of the databases' parameters (decrypted; never printed: protected in the evidence). */
    public List<Secret> values() {
        SsmReader ssm = new SsmReader(ctx.aws());
        List<Secret> out = new ArrayList<>();
        for (String name : databaseParameters().keySet()) {
            ssm.value(name).ifPresent(v -> {
                ctx.evidence().protect(v.reveal());
                out.add(v);
            });
        }
        return out;
    }

    /** Every container secret of the stack's services that comes from Parameter Store, and whether it delivers the password. */
    public List<ContainerSecret> containerSecrets() {
        if (containerSecrets == null) {
            SsmReader ssm = new SsmReader(ctx.aws());
            List<Secret> values = values();
            List<ContainerSecret> out = new ArrayList<>();
            for (TaskDefinition td : ecs.taskDefinitions()) {
                for (ContainerDefinition c : td.containerDefinitions()) {
                    for (var secret : c.secrets()) {
                        List<String> names = ContainerSecrets.ssmParameterNames(secret.valueFrom());
                        String name = names.stream()
                                .filter(n -> ssm.metadata(n).isPresent())
                                .findFirst()
                                .orElse(null);
                        boolean delivers = name != null
                                && (databaseParameters().containsKey(name)
                                        || ssm.value(name)
                                                .map(v -> values.stream()
                                                        .anyMatch(
                                                                p -> p.reveal().equals(v.reveal())))
                                                .orElse(false));
                        out.add(new ContainerSecret(c.name(), secret.name(), secret.valueFrom(), name, delivers));
                    }
                }
            }
            containerSecrets = out;
        }
        return containerSecrets;
    }

    /** The ARNs of every parameter that holds the password: the databases' and those the containers take it from. */
    public Set<String> parameterArns() {
        SsmReader ssm = new SsmReader(ctx.aws());
        Set<String> names = new LinkedHashSet<>(databaseParameters().keySet());
        containerSecrets().stream().filter(ContainerSecret::delivers).forEach(s -> names.add(s.parameter()));
        Set<String> arns = new LinkedHashSet<>();
        names.forEach(n -> ssm.arn(n).ifPresent(arns::add));
        return arns;
    }

    private void resolve() {
        if (parameters != null) {
            return;
        }
        SsmReader ssm = new SsmReader(ctx.aws());
        Map<String, String> found = new LinkedHashMap<>();
        List<String> wrong = new ArrayList<>();
        if (databases().isEmpty()) {
            wrong.add("nothing to check: the stack's configuration has no database (aws_db_instance, aws_rds_cluster)");
        }
        for (PasswordPath.Source db : databases()) {
            switch (db.kind()) {
                case PARAMETER -> {
                    String name = db.parameterCandidates().stream()
                            .map(c -> existing(ssm, c))
                            .flatMap(Optional::stream)
                            .findFirst()
                            .orElse(null);
                    if (name == null) {
                        wrong.add(db.database() + " takes its password from " + db.via()
                                + ", but no parameter it names exists in SSM" + " (looked for "
                                + db.parameterCandidates() + ")");
                    } else {
                        found.merge(
                                name,
                                "the password of " + db.database() + " (" + db.via() + ")",
                                (x, y) -> x + "; " + y);
                    }
                }
                case MANAGED_SECRET, NO_PASSWORD_OF_ITS_OWN -> {}
                case NOT_A_PARAMETER -> wrong.add(db.problem());
            }
        }
        parameters = found;
        problems = wrong;
    }

    /** The name of the SSM parameter a name or ARN denotes, if it exists. */
    private static Optional<String> existing(SsmReader ssm, String nameOrArn) {
        List<String> names = ContainerSecrets.ssmParameterNames(nameOrArn); // the name, or the names an ARN means
        return names.stream().filter(n -> ssm.metadata(n).isPresent()).findFirst();
    }

    /** What a module's files say (locals, ephemeral resources): the root is the run's infra copy, the others as init placed them. */
    private TerraformLocals.Module moduleFiles(String key) {
        Path infra = ctx.stack().workspace().infra();
        if (key.isEmpty()) {
            return TerraformLocals.of(infra);
        }
        String dataDir = ctx.stack()
                .workspace()
                .env()
                .getOrDefault("TF_DATA_DIR", infra.resolve(".terraform").toString());
        Path manifest = Path.of(dataDir).resolve("modules").resolve("modules.json");
        try {
            for (JsonNode m : new ObjectMapper().readTree(manifest.toFile()).path("Modules")) {
                if (key.equals(m.path("Key").asText())) {
                    return TerraformLocals.of(
                            infra.resolve(m.path("Dir").asText()).normalize());
                }
            }
        } catch (IOException e) {
            // no manifest: the module's locals stay unresolved, and the source says so
        }
        return TerraformLocals.Module.EMPTY;
    }
}
