package io.m300.harness.support.secrets;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.MissingNode;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * SEC-02: where each database of the stack takes its password from, read from the stack's own
 * configuration ({@code terraform show -json}'s {@code configuration}: every resource's argument
 * expressions with their references, through variables, module calls and module outputs; locals,
 * which that JSON leaves out, from the module's files through {@link TerraformLocals}). The
 * databases are every {@code aws_db_instance} and {@code aws_rds_cluster} of every module; an
 * instance that joins a cluster or copies another database has no password of its own.
 * <p>A database's password comes from a Parameter Store parameter only when every reference of
 * its password argument leads to a {@code data} source or {@code ephemeral} resource
 * {@code aws_ssm_parameter}; RDS may also manage it ({@code manage_master_user_password}). Anything
 * else (a variable, a literal, a generated password, a Secrets Manager secret, another resource)
 * is named in one line. The parameter's identity is what its {@code name}/{@code arn} argument is
 * built from: a literal, or the value of a variable (the plan's {@code variables}, or a module
 * call's argument); the caller looks these candidates up in SSM.
 */
public final class PasswordPath {

    /** The arguments that set a database's master password. */
    static final List<String> PASSWORD_ARGUMENTS =
            List.of("password", "password_wo", "master_password", "master_password_wo");

    public enum Kind {
        PARAMETER,
        MANAGED_SECRET,
        NOT_A_PARAMETER,
        NO_PASSWORD_OF_ITS_OWN
    }

    /**
     * A database's password source. {@code via}: the chain, e.g. {@code password_wo <-
     * ephemeral.aws_ssm_parameter.db_password}; {@code parameterCandidates}: the names or ARNs the
     * parameter may have (for {@link Kind#PARAMETER}); {@code problem}: the one line for anything else.
     */
    public record Source(String database, Kind kind, String via, Set<String> parameterCandidates, String problem) {
        @Override
        public String toString() {
            return database + ": " + (problem != null ? problem : via);
        }
    }

    private final JsonNode plan;
    private final Function<String, TerraformLocals.Module> modules;

    /**
     * {@code modules}: from a module's key ({@code ""} for the root, {@code "net"},
     * {@code "net.sub"}) to what its files say (locals, ephemeral resources).
     */
    private PasswordPath(JsonNode plan, Function<String, TerraformLocals.Module> modules) {
        this.plan = plan;
        this.modules = modules;
    }

    /** Every database of the configuration and where its password comes from. */
    public static List<Source> of(JsonNode plan, Function<String, TerraformLocals.Module> modules) {
        PasswordPath p = new PasswordPath(plan, modules);
        List<Source> out = new ArrayList<>();
        p.databases(plan.path("configuration").path("root_module"), "", out);
        return out;
    }

    private void databases(JsonNode module, String key, List<Source> out) {
        for (JsonNode r : module.path("resources")) {
            String type = r.path("type").asText();
            if (!"managed".equals(r.path("mode").asText())
                    || !(type.equals("aws_db_instance") || type.equals("aws_rds_cluster"))) {
                continue;
            }
            String address = (key.isEmpty() ? "" : "module." + key.replace(".", ".module.") + ".")
                    + r.path("address").asText();
            JsonNode e = r.path("expressions");
            if (e.path("manage_master_user_password").path("constant_value").asBoolean(false)) {
                out.add(new Source(
                        address,
                        Kind.MANAGED_SECRET,
                        "manage_master_user_password = true: RDS keeps it in a Secrets Manager secret",
                        Set.of(),
                        null));
                continue;
            }
            String argument =
                    PASSWORD_ARGUMENTS.stream().filter(e::has).findFirst().orElse(null);
            if (argument == null) {
                String inherits = List.of(
                                "cluster_identifier",
                                "replicate_source_db",
                                "snapshot_identifier",
                                "snapshot_identifier",
                                "restore_to_point_in_time",
                                "s3_import")
                        .stream()
                        .filter(e::has)
                        .findFirst()
                        .orElse(null);
                out.add(
                        inherits != null
                                ? new Source(
                                        address,
                                        Kind.NO_PASSWORD_OF_ITS_OWN,
                                        "no password of its own (" + inherits + ")",
                                        Set.of(),
                                        null)
                                : new Source(
                                        address,
                                        Kind.NOT_A_PARAMETER,
                                        null,
                                        Set.of(),
                                        address + " sets no password argument (" + String.join(", ", PASSWORD_ARGUMENTS)
                                                + ") and does not let RDS manage it"));
                continue;
            }
            List<String> leaves = new ArrayList<>();
            Set<String> candidates = new LinkedHashSet<>();
            List<String> parameters = new ArrayList<>();
            follow(e.path(argument), key, leaves, parameters, candidates, 0);
            List<String> others =
                    leaves.stream().filter(l -> !l.startsWith("parameter ")).toList();
            if (others.isEmpty() && !parameters.isEmpty()) {
                out.add(new Source(
                        address, Kind.PARAMETER, argument + " <- " + String.join(", ", parameters), candidates, null));
            } else {
                out.add(new Source(
                        address,
                        Kind.NOT_A_PARAMETER,
                        argument + " <- " + leaves,
                        candidates,
                        address + " " + argument + " is set from "
                                + String.join(" and ", others.isEmpty() ? leaves : others) + ", not from a parameter"));
            }
        }
        module.path("module_calls")
                .properties()
                .forEach(c -> databases(
                        c.getValue().path("module"), key.isEmpty() ? c.getKey() : key + "." + c.getKey(), out));
    }

    /**
     * Follows an expression ({@code constant_value} or {@code references}) in module {@code key} to
     * its leaves: {@code parameter <address>} for an SSM parameter read (its name candidates added),
     * else a description ({@code var.db_password}, {@code a literal}, {@code random_password.db}).
     */
    private void follow(
            JsonNode expression,
            String key,
            List<String> leaves,
            List<String> parameters,
            Set<String> candidates,
            int depth) {
        if (depth > 20) {
            leaves.add("a chain too deep to follow");
            return;
        }
        if (expression.has("constant_value")) {
            leaves.add("a literal");
            return;
        }
        for (String ref : mostSpecific(expression.path("references"))) {
            followReference(ref, key, leaves, parameters, candidates, depth);
        }
        if (!expression.has("references") && !expression.has("constant_value")) {
            leaves.add("an expression the configuration does not describe");
        }
    }

    private void followReference(
            String ref, String key, List<String> leaves, List<String> parameters, Set<String> candidates, int depth) {
        String[] parts = ref.split("\\.");
        String where = key.isEmpty() ? "" : "module." + key.replace(".", ".module.") + ".";
        switch (parts[0]) {
            case "var" -> {
                if (key.isEmpty()) {
                    leaves.add("var." + parts[1]);
                } else { // a module's variable: the calling module's argument
                    int dot = key.lastIndexOf('.');
                    String parent = dot < 0 ? "" : key.substring(0, dot);
                    String call = dot < 0 ? key : key.substring(dot + 1);
                    JsonNode arg = module(parent)
                            .path("module_calls")
                            .path(call)
                            .path("expressions")
                            .path(parts[1]);
                    if (arg.isMissingNode()) {
                        leaves.add(where + "var." + parts[1] + " (its default)");
                    } else {
                        follow(arg, parent, leaves, parameters, candidates, depth + 1);
                    }
                }
            }
            case "local" -> {
                String text = modules.apply(key).locals().get(parts[1]);
                if (text == null) {
                    leaves.add(where + "local." + parts[1] + " (not found in the module's files)");
                } else if (TerraformLocals.isLiteral(text)) {
                    leaves.add("a literal (" + where + "local." + parts[1] + ")");
                } else {
                    var refs = TerraformLocals.references(text);
                    if (refs.isEmpty()) {
                        leaves.add("an expression without references (" + where + "local." + parts[1] + ")");
                    }
                    List<String> through = new ArrayList<>();
                    refs.forEach(r -> followReference(r, key, through, parameters, candidates, depth + 1));
                    // a parameter stays itself; anything else is named with the local it comes through
                    through.forEach(l -> leaves.add(
                            l.startsWith("parameter ") || l.contains(" (through ")
                                    ? l
                                    : l + " (through " + where + "local." + parts[1] + ")"));
                }
            }
            case "data", "ephemeral" -> {
                String type = parts.length > 1 ? parts[1] : "";
                String address = parts[0] + "." + type + "." + (parts.length > 2 ? parts[2] : "");
                if (type.equals("aws_ssm_parameter")) {
                    leaves.add("parameter " + where + address);
                    parameters.add(where + address);
                    JsonNode r = resource(module(key), address);
                    for (String arg : List.of("name", "arn")) {
                        identity(r.path("expressions").path(arg), key, candidates, depth);
                    }
                    // an ephemeral resource is in no section of the JSON: its arguments from the module's files
                    Map<String, String> args = parts[0].equals("ephemeral")
                            ? modules.apply(key)
                                    .ephemerals()
                                    .getOrDefault(type + "." + (parts.length > 2 ? parts[2] : ""), Map.of())
                            : Map.of();
                    for (String arg : List.of("name", "arn")) {
                        String text = args.get(arg);
                        if (text != null) {
                            identityOfText(text, key, candidates, depth);
                        }
                    }
                    stateValues(where + address).ifPresent(v -> {
                        for (String arg : List.of("name", "arn")) {
                            if (v.hasNonNull(arg) && !v.path(arg).asText().isBlank()) {
                                candidates.add(v.path(arg).asText());
                            }
                        }
                    });
                } else {
                    leaves.add(where + address);
                }
            }
            case "module" -> {
                String child = key.isEmpty() ? parts[1] : key + "." + parts[1];
                JsonNode output = module(child).path("outputs").path(parts.length > 2 ? parts[2] : "");
                if (output.isMissingNode()) {
                    leaves.add(where + "module." + parts[1]);
                } else {
                    follow(output.path("expression"), child, leaves, parameters, candidates, depth + 1);
                }
            }
            default ->
                leaves.add(where + parts[0] + (parts.length > 1 ? "." + parts[1] : "")); // random_password.db, aws_x.y
        }
    }

    /** What a parameter's name or arn is built from: literals and variables' values (never evaluated further). */
    private void identity(JsonNode expression, String key, Set<String> candidates, int depth) {
        if (expression.isMissingNode() || depth > 20) {
            return;
        }
        if (expression.has("constant_value")) {
            candidates.add(expression.path("constant_value").asText());
            return;
        }
        for (String ref : mostSpecific(expression.path("references"))) {
            String[] parts = ref.split("\\.");
            if (parts[0].equals("var") && key.isEmpty()) {
                JsonNode v = plan.path("variables").path(parts[1]).path("value");
                if (v.isTextual()) {
                    candidates.add(v.asText());
                }
            } else if (parts[0].equals("var")) {
                int dot = key.lastIndexOf('.');
                String parent = dot < 0 ? "" : key.substring(0, dot);
                identity(
                        module(parent)
                                .path("module_calls")
                                .path(dot < 0 ? key : key.substring(dot + 1))
                                .path("expressions")
                                .path(parts[1]),
                        parent,
                        candidates,
                        depth + 1);
            } else if (parts[0].equals("local")) {
                String text = modules.apply(key).locals().get(parts[1]);
                if (text != null) {
                    identityOfText(text, key, candidates, depth + 1);
                }
            } else if (parts[0].equals("aws_ssm_parameter") && parts.length > 1) {
                // a parameter the stack manages: its name and ARN as the state holds them
                String where = key.isEmpty() ? "" : "module." + key.replace(".", ".module.") + ".";
                stateValues(where + "aws_ssm_parameter." + parts[1]).ifPresent(v -> {
                    for (String arg : List.of("name", "arn")) {
                        if (v.hasNonNull(arg) && !v.path(arg).asText().isBlank()) {
                            candidates.add(v.path(arg).asText());
                        }
                    }
                });
            }
        }
    }

    /** {@link #identity} of an expression known only as text (a local, an ephemeral resource's argument). */
    private void identityOfText(String text, String key, Set<String> candidates, int depth) {
        if (TerraformLocals.isLiteral(text)) {
            candidates.add(text.strip().substring(1, text.strip().length() - 1));
        }
        for (String r : TerraformLocals.references(text)) {
            identity(referenceExpression(r), key, candidates, depth + 1);
        }
    }

    private static JsonNode referenceExpression(String ref) {
        var node = JsonNodeFactory.instance.objectNode();
        node.putArray("references").add(ref);
        return node;
    }

    /** The references without those that only prefix another ({@code a.b} when {@code a.b.c} is listed too). */
    private static List<String> mostSpecific(JsonNode references) {
        List<String> all = new ArrayList<>();
        references.forEach(r -> all.add(r.asText()));
        return all.stream()
                .filter(r -> all.stream().noneMatch(o -> !o.equals(r) && o.startsWith(r + ".")))
                .toList();
    }

    private JsonNode module(String key) {
        JsonNode m = plan.path("configuration").path("root_module");
        if (!key.isEmpty()) {
            for (String call : key.split("\\.")) {
                m = m.path("module_calls").path(call).path("module");
            }
        }
        return m;
    }

    private static JsonNode resource(JsonNode module, String address) {
        for (JsonNode r : module.path("resources")) {
            String a = r.path("address").asText();
            if (a.equals(address)
                    || ("ephemeral".equals(r.path("mode").asText()) && ("ephemeral." + a).equals(address))) {
                return r;
            }
        }
        return MissingNode.getInstance();
    }

    /** A data source's values in the plan's prior state (its evaluated name and ARN). */
    private Optional<JsonNode> stateValues(String address) {
        return findValues(plan.path("prior_state").path("values").path("root_module"), address);
    }

    private static Optional<JsonNode> findValues(JsonNode module, String address) {
        for (JsonNode r : module.path("resources")) {
            if (r.path("address").asText().equals(address)) {
                return Optional.of(r.path("values"));
            }
        }
        for (JsonNode child : module.path("child_modules")) {
            var found = findValues(child, address);
            if (found.isPresent()) {
                return found;
            }
        }
        return Optional.empty();
    }
}
