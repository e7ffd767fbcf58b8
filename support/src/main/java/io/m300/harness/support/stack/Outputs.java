package io.m300.harness.support.stack;

import com.fasterxml.jackson.databind.JsonNode;
import io.m300.harness.support.HarnessException;
import java.util.ArrayList;
import java.util.List;

/** The stack's Terraform outputs ({@code terraform output -json}): how steps find what was deployed. */
public final class Outputs {

    private final JsonNode json;

    public Outputs(JsonNode json) {
        this.json = json;
    }

    public String string(String name) {
        JsonNode value = value(name);
        if (!value.isValueNode()) {
            throw new HarnessException("output '" + name + "' is not a single value: " + value);
        }
        return value.asText();
    }

    public List<String> list(String name) {
        JsonNode value = value(name);
        if (!value.isArray()) {
            throw new HarnessException("output '" + name + "' is not a list: " + value);
        }
        List<String> items = new ArrayList<>();
        value.forEach(v -> items.add(v.asText()));
        return items;
    }

    /** True when the stack has this output (steps that can find the resource elsewhere check first). */
    public boolean has(String name) {
        return json.has(name) && !json.get(name).path("sensitive").asBoolean(false);
    }

    public int number(String name) {
        return Integer.parseInt(string(name));
    }

    private JsonNode value(String name) {
        JsonNode output = json.get(name);
        if (output == null) {
            throw new HarnessException(
                    "the deployed stack has no output '" + name + "', which this check needs "
                            + "as its entry point: add it to the outputs of the Terraform under test (harness.infra), or see the README's output contract");
        }
        if (output.path("sensitive").asBoolean(false)) {
            throw new HarnessException(
                    "output '" + name + "' is sensitive: a check must not read secrets from outputs");
        }
        return output.path("value");
    }
}
