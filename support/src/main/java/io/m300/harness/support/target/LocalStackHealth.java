package io.m300.harness.support.target;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.m300.harness.support.HarnessException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * Reads LocalStack's {@code /_localstack/health} answer ({@code {"services": {"rds": "available",
 * "ecs": "disabled", ...}, "edition": "..."}}) and says which services the stack needs that this
 * LocalStack does not offer, and in which tier they are.
 */
public final class LocalStackHealth {

    /** Every service the stack and the harness call, by LocalStack's (botocore's) service name. */
    public static final List<String> NEEDED = List.of(
            "s3",
            "ssm",
            "kms",
            "iam",
            "sts",
            "ec2",
            "rds",
            "ecs",
            "elbv2",
            "lambda",
            "events",
            "logs",
            "cloudwatch",
            "sns",
            "sqs",
            "acm");

    /** Services this stack needs that LocalStack's free tier does not have (they need the paid Base tier or higher). */
    static final Set<String> PAID = Set.of("rds", "ecs", "elbv2");

    private static final Set<String> READY = Set.of("available", "running");

    private LocalStackHealth() {}

    /** The needed services that are absent or not ready, in {@link #NEEDED}'s order. */
    public static List<String> missing(String healthJson, List<String> needed) {
        JsonNode services;
        try {
            services = new ObjectMapper().readTree(healthJson).path("services");
        } catch (Exception e) {
            throw new HarnessException("LocalStack's /_localstack/health answered no JSON: "
                    + healthJson.substring(0, Math.min(120, healthJson.length())));
        }
        List<String> missing = new ArrayList<>();
        for (String s : needed) {
            String status = services.path(s).asText("");
            if (!READY.contains(status)) {
                missing.add(s + (status.isEmpty() ? " (absent)" : " (" + status + ")"));
            }
        }
        return missing;
    }

    /** One line when services are missing: which, and the tier that has them; empty when all are there. */
    public static Optional<String> verdict(String healthJson, String image) {
        List<String> missing = missing(healthJson, NEEDED);
        if (missing.isEmpty()) {
            return Optional.empty();
        }
        boolean paid = missing.stream().anyMatch(m -> PAID.contains(m.substring(0, m.indexOf(' '))));
        return Optional.of("LocalStack " + image + " lacks what the stack needs: " + String.join(", ", missing)
                + (paid
                        ? "; RDS, ECS and ELBv2 are in LocalStack's paid Base tier (or higher): use a LOCALSTACK_AUTH_TOKEN of "
                                + "such a plan, or -Dharness.target=moto"
                        : "; use a LocalStack image that has them, or -Dharness.target=moto"));
    }

    static Map<String, String> statuses(String healthJson) {
        try {
            Map<String, String> out = new TreeMap<>();
            new ObjectMapper()
                    .readTree(healthJson)
                    .path("services")
                    .fields()
                    .forEachRemaining(e -> out.put(e.getKey(), e.getValue().asText()));
            return out;
        } catch (Exception e) {
            return Map.of();
        }
    }
}
