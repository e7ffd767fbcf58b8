package io.m300.harness.support.ecs;

import io.m300.harness.support.secrets.SecretScanner;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * SEC-04: how a container receives the database password. It must come from {@code secrets} with
 * {@code valueFrom} naming the password parameter, and no {@code environment} entry may have a
 * password-like name or hold the password's value (in any form {@link SecretScanner} knows).
 */
public final class ContainerSecrets {

    /** Environment names that say they hold a secret: password, passwd, pwd, secret, token, api key, private key, credentials. */
    public static final Pattern SECRET_LIKE_NAME = Pattern.compile(
            "(?i).*(password|passwd|pwd|secret|token|api_?key|private_?key|credential).*");

    private ContainerSecrets() {}

    /** Whether {@code valueFrom} names the parameter: its ARN exactly, or (as ECS also accepts in the same region) its name. */
    public static boolean namesParameter(String valueFrom, String parameterArn, String parameterName) {
        if (valueFrom == null) {
            return false;
        }
        if (valueFrom.startsWith("arn:")) {
            return valueFrom.equals(parameterArn);
        }
        return strip(valueFrom).equals(strip(parameterName));
    }

    /**
     * Problems of one container: {@code environment} (name to value), {@code secrets} (name to
     * valueFrom). {@code password} may be null (then only names are checked). Never holds the password.
     */
    public static List<String> problems(String container, Map<String, String> environment, Map<String, String> secrets,
            String parameterArn, String parameterName, String password) {
        List<String> problems = new ArrayList<>();
        boolean fromParameter = secrets.values().stream().anyMatch(v -> namesParameter(v, parameterArn, parameterName));
        if (!fromParameter) {
            problems.add(container + ": no secret takes its value from the password parameter " + parameterArn
                    + " (secrets: " + secrets + ")");
        }
        environment.forEach((name, value) -> {
            if (SECRET_LIKE_NAME.matcher(name).matches()) {
                problems.add(container + ": environment entry " + name + " has a password-like name");
            }
            if (password != null && !password.isEmpty()
                    && !SecretScanner.scanText(value, container + " environment " + name, password).stream()
                            .filter(f -> f.kind().equals(SecretScanner.VALUE)).toList().isEmpty()) {
                problems.add(container + ": environment entry " + name + " holds the password's value");
            }
        });
        return problems;
    }

    private static String strip(String name) {
        return name == null ? "" : name.startsWith("/") ? name.substring(1) : name;
    }
}
