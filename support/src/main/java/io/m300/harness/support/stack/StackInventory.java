package io.m300.harness.support.stack;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.m300.harness.support.HarnessException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;

/**
 * "The stack": every resource the Terraform state lists (managed resources and the data sources
 * it read), with its attributes as the state holds them. Checks find what they inspect here and in
 * the deployed resources themselves, never only through outputs. Parsed from the raw state
 * document ({@code terraform state pull}, format version 4), so it works whatever the backend.
 *
 * <p>Attributes may hold secrets (a state that leaks the password holds it here): never put an
 * attribute into evidence or a message without knowing what it is.
 */
public final class StackInventory {

    /** One instance of a resource in the state. */
    public record Resource(String mode, String type, String address, JsonNode attributes) {

        public boolean managed() {
            return "managed".equals(mode);
        }

        /** A string attribute, or empty when absent or null. */
        public Optional<String> attr(String name) {
            JsonNode v = attributes.get(name);
            return v == null || v.isNull() || v.asText().isEmpty() ? Optional.empty() : Optional.of(v.asText());
        }

        /** The {@code id} attribute (Terraform's identifier of the resource; empty if absent). */
        public String id() {
            return attr("id").orElse("");
        }

        /** The {@code arn} attribute, if the resource has one. */
        public Optional<String> arn() {
            return attr("arn");
        }

        /** A list-of-strings attribute (empty when absent). */
        public List<String> strings(String name) {
            List<String> out = new ArrayList<>();
            JsonNode v = attributes.get(name);
            if (v != null && v.isArray()) {
                v.forEach(e -> out.add(e.asText()));
            } else if (v != null && v.isTextual() && !v.asText().isEmpty()) {
                out.add(v.asText());
            }
            return out;
        }
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    private final List<Resource> resources;

    public StackInventory(List<Resource> resources) {
        this.resources = List.copyOf(resources);
    }

    /** Parses a raw state document (what {@code terraform state pull} prints, or a {@code terraform.tfstate}). */
    public static StackInventory parse(String stateJson) {
        JsonNode state;
        try {
            state = JSON.readTree(stateJson == null ? "" : stateJson);
        } catch (JsonProcessingException e) {
            throw new HarnessException("the Terraform state is not JSON: " + e.getOriginalMessage());
        }
        if (state == null || state.isMissingNode() || !state.has("version")) {
            throw new HarnessException("the Terraform state is empty or not a state document");
        }
        List<Resource> out = new ArrayList<>();
        for (JsonNode r : state.path("resources")) {
            String module = r.path("module").asText("");
            String base = (module.isEmpty() ? "" : module + ".")
                    + ("data".equals(r.path("mode").asText()) ? "data." : "")
                    + r.path("type").asText() + "." + r.path("name").asText();
            for (JsonNode i : r.path("instances")) {
                JsonNode key = i.get("index_key");
                String address = key == null
                        ? base
                        : base + (key.isNumber() ? "[" + key.asText() + "]" : "[\"" + key.asText() + "\"]");
                out.add(new Resource(r.path("mode").asText(), r.path("type").asText(), address, i.path("attributes")));
            }
        }
        return new StackInventory(out);
    }

    /** Every resource instance, managed and data. */
    public List<Resource> all() {
        return resources;
    }

    /** Managed resources of the given Terraform types (e.g. {@code aws_iam_role}). */
    public List<Resource> managed(String... types) {
        Set<String> wanted = Set.of(types);
        return resources.stream()
                .filter(r -> r.managed() && wanted.contains(r.type()))
                .toList();
    }

    /** Data sources of the given types that the stack read (e.g. an existing {@code aws_iam_user}). */
    public List<Resource> data(String... types) {
        Set<String> wanted = Set.of(types);
        return resources.stream()
                .filter(r -> !r.managed() && wanted.contains(r.type()))
                .toList();
    }

    /** The distinct non-empty values of {@code attribute} across managed resources of the given types. */
    public Set<String> values(String attribute, String... types) {
        Set<String> out = new LinkedHashSet<>();
        managed(types).forEach(r -> out.addAll(r.strings(attribute)));
        return out;
    }

    /** Managed resources matching a predicate. */
    public List<Resource> where(Predicate<Resource> p) {
        return resources.stream().filter(r -> r.managed() && p.test(r)).toList();
    }

    /** True when the state lists no managed resource at all (nothing was deployed, or the state was not found). */
    public boolean isEmpty() {
        return resources.stream().noneMatch(Resource::managed);
    }

    /** A short human summary: how many managed resources of how many types. */
    public String summary() {
        Collection<String> types = resources.stream()
                .filter(Resource::managed)
                .map(Resource::type)
                .distinct()
                .toList();
        return resources.stream().filter(Resource::managed).count() + " managed resources of " + types.size()
                + " types";
    }
}
