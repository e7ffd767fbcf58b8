package io.m300.harness.support.secrets;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns a JSON path into a Terraform state or plan into the resource address a reader knows:
 * {@code $.resources[13].instances[0].attributes.value} becomes
 * {@code data.aws_ssm_parameter.x, attribute value}.
 */
public final class StateLocations {

    private static final Pattern STATE =
            Pattern.compile("^\\$\\.resources\\[(\\d+)]\\.instances\\[(\\d+)]\\.attributes\\.?(.*)$");
    private static final Pattern PLAN = Pattern.compile("^\\$\\.resource_changes\\[(\\d+)]\\.change\\.(\\w+)\\.?(.*)$");

    private StateLocations() {}

    public static String describe(JsonNode document, String jsonPath) {
        Matcher m = STATE.matcher(jsonPath);
        if (m.matches()) {
            JsonNode r = document.path("resources").path(Integer.parseInt(m.group(1)));
            String prefix = "data".equals(r.path("mode").asText()) ? "data." : "";
            String module = r.hasNonNull("module") ? r.path("module").asText() + "." : "";
            return module + prefix + r.path("type").asText() + "."
                    + r.path("name").asText() + (m.group(2).equals("0") ? "" : "[instance " + m.group(2) + "]")
                    + ", attribute " + m.group(3);
        }
        Matcher p = PLAN.matcher(jsonPath);
        if (p.matches()) {
            JsonNode rc = document.path("resource_changes").path(Integer.parseInt(p.group(1)));
            return rc.path("address").asText() + " (" + p.group(2) + "), attribute " + p.group(3);
        }
        return jsonPath;
    }
}
